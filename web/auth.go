package web

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/lmo-observatory/lmo"
)

// Who is asking: every request passes authenticate, which puts its origin
// (lmo.Origin: the client's address and user agent, for the audit log and
// sign-in throttling) and its user into the request's context. A user
// comes from an API token ("Authorization: Bearer lmo_...") or from the
// session cookie; a request with neither is anonymous, and any user that a
// caller already put in its context stays there. Everything that depends
// on who asks is personal: it never goes through the response cache and is
// sent with Cache-Control: private, no-store (signedIn, adminOnly).

// sessionCookie is the name of the session cookie over plain HTTP. Over
// HTTPS it takes the __Host- prefix, with which a browser accepts it only
// when it is Secure, has Path=/ and no Domain: no other host, not even a
// subdomain, can set or shadow it.
const sessionCookie = "lmo_session"

// maxAgentLength bounds the user agent kept in the audit log.
const maxAgentLength = 256

// privateCache is the Cache-Control of a personal answer: no shared cache
// keeps it and no browser stores it.
const privateCache = "private, no-store"

// https reports whether the site's public address is https: its session
// cookie is then Secure and __Host- prefixed.
func (s *Server) https() bool { return strings.HasPrefix(strings.ToLower(s.cfg.BaseURL), "https://") }

// cookieName returns the name of the session cookie.
func (s *Server) cookieName() string {
	if s.https() {
		return "__Host-" + sessionCookie
	}
	return sessionCookie
}

// setSession gives the browser the session secret: HttpOnly (no script
// reads it), SameSite=Lax (no other site's form or fetch sends it with an
// unsafe method), Secure over HTTPS, for the whole site and this host only,
// for as long as a session can last. A sign-in always brings a new secret.
func (s *Server) setSession(w http.ResponseWriter, secret string) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: secret, Path: "/", MaxAge: int(lmo.SessionMax.Seconds()),
		HttpOnly: true, Secure: s.https(), SameSite: http.SameSiteLaxMode})
}

// clearSession tells the browser to forget its session cookie.
func (s *Server) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.https(), SameSite: http.SameSiteLaxMode})
}

// sessionSecret returns the session secret r carries, or "".
func (s *Server) sessionSecret(r *http.Request) string {
	c, err := r.Cookie(s.cookieName())
	if err != nil {
		return ""
	}
	return c.Value
}

// bearerToken returns the secret of an "Authorization: Bearer" header.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// origin returns where r came from. The address is the connection's,
// unless ClientIPHeader names a header set by a trusted proxy: then it is
// the last address in that header (the one the proxy itself added; those
// before it are whatever the client claimed). A header that holds no
// address falls back to the connection's.
func (s *Server) origin(r *http.Request) lmo.Origin {
	addr := r.RemoteAddr
	if host, _, err := net.SplitHostPort(addr); err == nil {
		addr = host
	}
	if s.cfg.ClientIPHeader != "" {
		if v := r.Header.Values(s.cfg.ClientIPHeader); len(v) > 0 {
			list := strings.Split(v[len(v)-1], ",")
			if ip := net.ParseIP(strings.TrimSpace(list[len(list)-1])); ip != nil {
				addr = ip.String()
			}
		}
	}
	agent := r.UserAgent()
	if len(agent) > maxAgentLength {
		agent = strings.ToValidUTF8(agent[:maxAgentLength], "")
	}
	return lmo.Origin{Address: addr, Agent: agent}
}

// authenticate puts the origin and the user of each request into its
// context: a bearer token's user (an unknown or revoked token is 401
// with WWW-Authenticate, whatever the route), else the session cookie's
// (an unknown or ended session makes the request anonymous, and the cookie
// is cleared). Without accounts, or without credentials, the context keeps
// the user it had (a test may have put one there). The static files, the
// same for everyone, are served without looking anyone up.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := lmo.NewContextWithOrigin(r.Context(), s.origin(r))
		token, isToken := bearerToken(r)
		session := s.sessionSecret(r)
		if s.cfg.Accounts != nil && (isToken || session != "") && !strings.HasPrefix(r.URL.Path, "/static/") {
			var u *lmo.User
			var err error
			if isToken {
				u, err = s.cfg.Accounts.TokenUser(ctx, token)
			} else {
				u, err = s.cfg.Accounts.SessionUser(ctx, session)
			}
			switch {
			case lmo.ErrorCode(err) == lmo.EUNAUTHORIZED && isToken:
				w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
				writeProblem(w, r, http.StatusUnauthorized, "The API token is unknown or revoked, or its account is disabled.")
				return
			case lmo.ErrorCode(err) == lmo.EUNAUTHORIZED:
				s.clearSession(w)
			case err != nil:
				s.writeError(w, r, err)
				return
			}
			ctx = lmo.NewContextWithUser(ctx, u)
		}
		inner := r.WithContext(ctx)
		next.ServeHTTP(w, inner)
		// The mux records the route's pattern on the request it was given;
		// observe labels the metrics and the log with it from the outer one.
		r.Pattern = inner.Pattern
	})
}

// crossOrigin refuses cross-site unsafe requests (http.CrossOriginProtection)
// except those that authenticate with a bearer token and carry no cookie:
// a browser never attaches a bearer token by itself, so such a request
// acts with no one's ambient authority; a request with a cookie is
// checked, whatever else it carries.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	protected := cop.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := bearerToken(r); ok && len(r.Header.Values("Cookie")) == 0 {
			next.ServeHTTP(w, r)
			return
		}
		protected.ServeHTTP(w, r)
	})
}

// userHandler is a handler of a personal page, given its user.
type userHandler func(w http.ResponseWriter, r *http.Request, u *lmo.User) error

// signedIn serves fn to a person signed in with a session: anyone else is
// sent to sign in first (303 to /signin?next=, back here after), and a
// request made with an API token is refused (403): tokens do not manage
// passwords, sessions or other tokens. The answer is private.
func (s *Server) signedIn(fn userHandler) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", privateCache)
		u := lmo.UserFromContext(r.Context())
		if u == nil {
			return s.toSignIn(w, r)
		}
		if u.Scope != "" {
			return lmo.Errorf(lmo.EFORBIDDEN, "This page is for people signed in: an API token cannot use it.")
		}
		return fn(w, r, u)
	}
}

// adminOnly serves fn to administrators (signed in, or with a token whose
// scope is admin): anyone not signed in is sent to sign in, anyone else
// refused (403). The answer is private.
func (s *Server) adminOnly(fn userHandler) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", privateCache)
		u := lmo.UserFromContext(r.Context())
		if u == nil {
			return s.toSignIn(w, r)
		}
		if err := lmo.RequireRole(r.Context(), lmo.RoleAdmin); err != nil {
			return err
		}
		return fn(w, r, u)
	}
}

// toSignIn redirects to the sign-in page, which comes back to r's page
// after: for a GET, r's own address; for a form, the page on this site that
// the form was on, else the home page.
func (s *Server) toSignIn(w http.ResponseWriter, r *http.Request) error {
	next := r.URL.RequestURI()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		next = "/"
		if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
			next = ref.RequestURI()
		}
	}
	http.Redirect(w, r, "/signin?next="+url.QueryEscape(localPath(next)), http.StatusSeeOther)
	return nil
}

// localPath returns next when it is a path on this site, else "/": it
// must begin with one slash (not "//" or "/\", which browsers read as
// another host) and hold no backslash or control character (browsers
// drop tabs and line breaks, which could make "//" of "/\t/").
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\") {
		return "/"
	}
	if strings.ContainsFunc(next, unicode.IsControl) {
		return "/"
	}
	return next
}
