import base64, hmac, hashlib, json, os
def b(x): return base64.urlsafe_b64encode(x).rstrip(b'=').decode()
key = b"fuzzing-only-secret-0123456789abcdef"
def tok(h, p):
    i = b(h.encode()) + "." + b(p.encode())
    return i + "." + b(hmac.new(key, i.encode(), hashlib.sha256).digest())
valid = [tok('{"alg":"HS256","kid":"fuzz"}', '{"sub":"u1","exp":1800000600}'),
         tok('{"alg":"HS256","kid":"fuzz","typ":"JWT"}', '{"sub":"u2","exp":1800000600,"iat":1799999000,"aud":["a","b"],"iss":"x"}')]
seeds = {
 "jwt": valid + [tok('{"alg":"none"}', '{"sub":"u1"}'), tok('{"alg":"HS256","kid":"fuzz","crit":["x"]}', '{"sub":"u1","exp":1e400}'),
                 tok('{"alg":"HS256","alg":"HS256"}', '{"sub":"u1","exp":1800000600}'), "a.b.c", "..", valid[0] + "=="],
 "bearer": ["Bearer " + valid[0], "bearer abc", "Bearer  x", "Basic dXNlcg==", "Bearer a=b", "BEARER " + "a" * 100],
 "cookie": ["sid=" + b(os.urandom(32)), "a=1; sid=x; b=2", "sid=a; sid=b", "sid=\"q\"", "x=y\nsid=z"],
 "json": ['{"a":[1,2.5e3,true,null,"\\u00e9\\ud83d\\ude00"]}', '{"a":1,"a":2}', '1e400', '[[[[[]]]]]', "YWJj", "YQ"],
 # first line: route patterns (comma-separated, as in AUTHBRIDGE_JWT_OFF_ROUTES); then request routes
 "route": ["POST /api/orders,/api/admin/**,/users/:id,GET /users/{id}/posts\nGET /users/42\nPOST /api/orders\n"
           "/api/admin\ndelete /api/admin/users/7?x=1\n/users/me\nGET /users/:id/posts",
           "/a/*/c,/a/b/**,/a/b/c,PUT /a/b\nGET /a/b/c\nGET //a///b/c/\n/a/x/c\nPUT /a/b\n/a",
           "bad pattern,/ok,**/x,/a/**/b,/:,/{},/x?y,/ :a\n/ok\n/a/z/b",
           "/**,/\n/\n\n/anything/at/all"],
 # lines Origin, Referer, Sec-Fetch-Site of an unsafe cookie request (an empty line: no such header)
 "csrf": ["https://app.example\n\nsame-origin", "\nhttps://app.example/form\n", "https://admin.example:8443\n\n",
          "null\n\n", "\nHTTPS://APP.example/x?y\nnone", "\nhttps://app.example/form, https://evil.example/x\n",
          "https://app.example, https://evil.example\n\n", "\n\ncross-site", "\nhttps://app.example@evil.example/\n",
          "\n\n", "\nhttps://app.example/form, \u0301https://evil.example/x\n",
          "https://admin.example:8443\n\ncross-site", "https://admin.example:8443\n\nsame-site, cross-site"],
 # NAME=VALUE lines, each setting AUTHBRIDGE_NAME
 "flags": ["JWT=deprecate\nJWT_DEPRECATION=2026-01-01T00:00:00Z\nJWT_SUNSET=2026-06-01T00:00:00Z\n"
           "JWT_DEPRECATION_LINK=https://example.com/jwt",
           "JWT_OFF_ROUTES=/api/admin/**,POST /api/orders\nJWT_ON_ROUTES=/api/admin/health\nJWT_OFF_METHODS=DELETE,put",
           "JWT_BROWNOUTS=2026-03-01T10:00:00Z/PT1H,2026-03-02T10:00:00Z/2026-03-02T11:00:00Z\nJWT_UPGRADE=on\n"
           "JWT_UPGRADE_INTERVAL=15m\nJWT_ISSUED_AFTER=2026-02-01T00:00:00+01:00",
           "JWT_SECRET=0123456789abcdef0123456789abcdef-fuzz\nJWT_ALGORITHM=HS256\nJWT_LEEWAY=30s\nJWT_TTL=2h\n"
           "JWT_ISSUER=auth.example\nJWT_AUDIENCE=api\nJWT_KID=k1\nJWT_REQUIRE_EXP=off",
           "STORE_URL=postgres://user:hunter2-secret@127.0.0.1:5432/db?sslmode=disable\nSESSION_CACHE_MAX_AGE=250ms",
           "COOKIE_NAME=__Host-sid\nCOOKIE_SAMESITE=Strict\nCOOKIE_SECURE=off\nCSRF_ORIGIN=https://app.example.com\n"
           "CSRF_ALLOWED_ORIGINS=https://a.example.com:8443\nJWT_ISSUE=maybe",
           "JWT_SUNSET=2025-01-01T00:00:00Z\nJWT_DEPRECATION=2026-01-01T00:00:00Z",
           "JWT_OFF_ROUTE=/typo\nJWT_SECRET=short\nSESSION_IDLE_TIMEOUT=30m\nSESSION_ABSOLUTE_TIMEOUT=12h",
           "STORE_URL=sqlite:///tmp/x.sqlite\nJWT_SECRET=  0123456789abcdef0123456789abcdef  \nSESSION_TOUCH_INTERVAL=1m\n"
           "SESSION_CACHE=off"],
}
root = os.path.dirname(os.path.abspath(__file__))
for name, items in seeds.items():
    os.makedirs(f"{root}/{name}", exist_ok=True)
    for i, item in enumerate(items):
        open(f"{root}/{name}/seed-{i:02d}", "w").write(item)
open(f"{root}/valid-tokens.txt", "w").write(",".join(valid))
