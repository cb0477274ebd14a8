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
}
root = os.path.dirname(os.path.abspath(__file__))
for name, items in seeds.items():
    for i, item in enumerate(items):
        open(f"{root}/{name}/seed-{i:02d}", "w").write(item)
open(f"{root}/valid-tokens.txt", "w").write(",".join(valid))
