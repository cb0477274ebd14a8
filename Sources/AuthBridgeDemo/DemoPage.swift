import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The demo's one page: a login and signup form, and a dashboard saying which credential signed the user in.
/// Same-origin `fetch` calls only, no external assets; its inline style and script are allowed by hash in a
/// strict `Content-Security-Policy`. The page never sees the session cookie (`HttpOnly`); it keeps the JWT a
/// login returns in memory only, to show the JWT path on request.
enum DemoPage {
    static let style = """
        body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
        main { max-width: 32rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 12px;
               box-shadow: 0 2px 10px rgba(0, 0, 0, .08); }
        h1 { margin-top: 0; font-size: 1.5rem; }
        label { display: block; margin: .75rem 0; font-weight: 600; }
        input { display: block; width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem;
                font: inherit; border: 1px solid #b8bfcc; border-radius: 6px; }
        .buttons { display: flex; gap: .5rem; flex-wrap: wrap; margin-top: 1rem; }
        button { font: inherit; padding: .5rem 1rem; border-radius: 6px; border: 0; background: #2357d9;
                 color: #fff; cursor: pointer; }
        button.secondary { background: #e3e7ef; color: #1d2330; }
        button:disabled { opacity: .5; cursor: default; }
        .badge { display: inline-block; padding: .25rem .75rem; border-radius: 999px; background: #dff5e3;
                 color: #155724; font-weight: 600; }
        .badge[data-path="jwt"] { background: #fff1d6; color: #7a4b00; }
        .note { color: #5b6475; font-size: .9rem; }
        #message { min-height: 1.5rem; color: #5b6475; }
        """

    static let script = """
        "use strict";
        let token = null; // the JWT of the last signup or login, in memory only
        const $ = (id) => document.getElementById(id);
        const labels = { session: "signed in via session", jwt: "signed in via JWT", both: "signed in via session and JWT" };
        function show(view) { $("signed-out").hidden = view !== "out"; $("signed-in").hidden = view !== "in"; }
        function say(text) { $("message").textContent = text; }
        async function dashboard(useToken) {
          const options = useToken
            ? { credentials: "omit", headers: { Authorization: "Bearer " + token } }
            : { credentials: "same-origin" };
          const response = await fetch("/api/dashboard", options);
          const body = await response.json().catch(() => ({}));
          if (response.status !== 200) {
            if (useToken) { say("The JWT was refused: " + (body.reason || response.status)); return; }
            show("out");
            return;
          }
          $("who").textContent = body.user.email;
          $("path").textContent = labels[body.path] || body.path;
          $("path").dataset.path = body.path;
          $("token-note").textContent = token
            ? "This page holds the JWT from your login in memory (gone on reload)."
            : "This page holds no JWT: the session cookie alone signs you in.";
          $("use-jwt").disabled = !token;
          show("in");
        }
        $("auth-form").addEventListener("submit", async (event) => {
          event.preventDefault();
          const action = event.submitter && event.submitter.value === "signup" ? "signup" : "login";
          const response = await fetch("/api/" + action, {
            method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ email: $("email").value, password: $("password").value })
          });
          const body = await response.json().catch(() => ({}));
          if (!response.ok) { say(body.reason || "Request failed (" + response.status + ")"); return; }
          token = body.token || null;
          $("password").value = "";
          say(action === "signup" ? "Account created." : "Logged in.");
          await dashboard(false);
        });
        $("use-jwt").addEventListener("click", () => dashboard(true));
        $("use-session").addEventListener("click", () => { say(""); dashboard(false); });
        $("logout").addEventListener("click", async () => {
          await fetch("/api/logout", { method: "POST", credentials: "same-origin" });
          token = null;
          say("Logged out.");
          show("out");
        });
        dashboard(false);
        """

    static let html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>AuthBridge demo</title>
        <style>\(style)</style>
        </head>
        <body>
        <main>
        <h1>AuthBridge demo</h1>
        <section id="signed-out" hidden>
        <p class="note">Sign up or log in. The server puts you on a session cookie this page cannot read
        (HttpOnly) and, while JWT issuance is on, also returns a JWT.</p>
        <form id="auth-form">
        <label>Email <input id="email" type="email" autocomplete="username" required></label>
        <label>Password <input id="password" type="password" autocomplete="current-password" minlength="8" required></label>
        <div class="buttons">
        <button type="submit" id="login" value="login">Log in</button>
        <button type="submit" id="signup" value="signup" class="secondary">Sign up</button>
        </div>
        </form>
        </section>
        <section id="signed-in" hidden>
        <p>Signed in as <strong id="who"></strong></p>
        <p><span id="path" class="badge"></span></p>
        <p id="token-note" class="note"></p>
        <div class="buttons">
        <button id="use-session" type="button">Check with the cookie</button>
        <button id="use-jwt" type="button">Check with the JWT only</button>
        <button id="logout" type="button" class="secondary">Log out</button>
        </div>
        </section>
        <p id="message" role="status"></p>
        </main>
        <script>\(script)</script>
        </body>
        </html>

        """

    /// Allows exactly the inline style and script above, and same-origin requests; nothing else.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src '\(hash(script))'; style-src '\(hash(style))'; connect-src 'self'; "
        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    private static func hash(_ text: String) -> String {
        "sha256-" + Data(SHA256.hash(data: Data(text.utf8))).base64EncodedString()
    }

    /// The page as a response.
    static var response: Response {
        Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8", .contentSecurityPolicy: contentSecurityPolicy,
                .xContentTypeOptions: "nosniff", HTTPField.Name("Referrer-Policy")!: "same-origin",
                .cacheControl: "no-store",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html))
        )
    }
}
