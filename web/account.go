package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/lmo-observatory/lmo"
)

// maxTokenName bounds the name of an API token, in characters.
const maxTokenName = 100

// accountView is the account page: who one is, the password form, signing
// out everywhere, and one's API tokens with the form that makes one (and,
// just after, the new token's secret, shown this once).
type accountView struct {
	Page
	User     *lmo.User
	Tokens   []tokenRow
	Scopes   []scopeOption
	Password *form
	Token    *form
	NewToken string // the secret of the token just made
	Notice   string
	// MinPassword is the shortest password accepted.
	MinPassword int
}

// tokenRow is one API token in the account page's table.
type tokenRow struct {
	ID                         int64
	Name, Scope                string
	Created, LastUsed, Revoked string
	Active                     bool
}

// scopeOption is a scope that the user may give a token.
type scopeOption struct {
	Value, Label, Hint string
	Checked            bool
}

// accountNotices are the account page's notices by its "done" parameter,
// after a form.
var accountNotices = map[string]string{"password": "account.done.password", "revoked": "account.done.revoked"}

// account shows the signed-in person's account.
func (s *Server) account(w http.ResponseWriter, r *http.Request, u *lmo.User) error {
	lang := langOf(r)
	v, err := s.accountView(r, u, nil, nil)
	if err != nil {
		return err
	}
	if key, ok := accountNotices[r.URL.Query().Get("done")]; ok {
		v.Notice = translate(lang, key)
	}
	return s.renderPrivate(w, r, http.StatusOK, "account", v)
}

// accountView returns the account page with the password and token forms
// (nil: empty).
func (s *Server) accountView(r *http.Request, u *lmo.User, password, token *form) (*accountView, error) {
	lang := langOf(r)
	tokens, err := s.cfg.Accounts.Tokens(r.Context())
	if err != nil {
		return nil, err
	}
	if password == nil {
		password = newForm(nil)
	}
	if token == nil {
		token = newForm(map[string]string{"scope": lmo.ScopeRead})
	}
	title := password.title(lang, token.title(lang, translate(lang, "account.title")))
	v := &accountView{Page: s.page(r, title), User: u, Password: password, Token: token,
		Scopes: scopeOptions(lang, u, token.Value("scope")), MinPassword: lmo.MinPasswordLength}
	for _, t := range tokens {
		v.Tokens = append(v.Tokens, tokenRow{ID: t.ID, Name: t.Name, Scope: t.Scope, Created: formatTime(t.CreatedAt),
			LastUsed: formatTime(t.LastUsed), Revoked: formatTime(t.RevokedAt), Active: t.RevokedAt.IsZero()})
	}
	return v, nil
}

// allowedScopes returns the scopes that u's role may give a token: an
// admin scope only to an administrator (the store checks again).
func allowedScopes(u *lmo.User) []string {
	var out []string
	for _, sc := range lmo.Scopes {
		if sc != lmo.ScopeAdmin || u.Role == lmo.RoleAdmin {
			out = append(out, sc)
		}
	}
	return out
}

// scopeOptions returns the scope choices of u, checked the one chosen.
func scopeOptions(lang string, u *lmo.User, chosen string) []scopeOption {
	var out []scopeOption
	for _, sc := range allowedScopes(u) {
		out = append(out, scopeOption{Value: sc, Label: translate(lang, "account.scope."+sc),
			Hint: translate(lang, "account.scope."+sc+".hint"), Checked: sc == chosen})
	}
	return out
}

// formatTime returns t as the pages show it, in UTC to the minute; "" for
// the zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// changePassword changes one's own password after checking the current
// one; the person's other sessions end (the store).
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, u *lmo.User) error {
	lang := langOf(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	current, password := r.PostFormValue("current"), r.PostFormValue("password")
	f := newForm(nil)
	if current == "" {
		f.fail("current", translate(lang, "account.error.current"))
	}
	checkNewPassword(lang, f, "password", password)
	var err error
	if f.ok() {
		err = s.cfg.Accounts.ChangePassword(r.Context(), current, password)
		switch lmo.ErrorCode(err) {
		case "":
			http.Redirect(w, r, "/account?done=password", http.StatusSeeOther)
			return nil
		case lmo.EINVALID:
			f.fail("current", lmo.ErrorMessage(err))
		case lmo.ETOOMANY:
			f.fail("", lmo.ErrorMessage(err))
		default:
			return err
		}
	}
	v, verr := s.accountView(r, u, f, nil)
	if verr != nil {
		return verr
	}
	return s.renderPrivate(w, r, formStatus(err), "account", v)
}

// signOutEverywhere ends every session of the person, this one included,
// and goes to the sign-in page, which says so.
func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request, u *lmo.User) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.cfg.Accounts.SignOutEverywhere(r.Context()); err != nil {
		return err
	}
	s.clearSession(w)
	http.Redirect(w, r, "/signin?out=all", http.StatusSeeOther)
	return nil
}

// createToken makes an API token and shows the account page with its
// secret, this once.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request, u *lmo.User) error {
	lang := langOf(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	name, scope := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("scope")
	f := newForm(map[string]string{"name": name, "scope": scope})
	switch {
	case name == "":
		f.fail("name", translate(lang, "account.error.tokenname"))
	case utf8.RuneCountInString(name) > maxTokenName:
		f.fail("name", translate(lang, "account.error.tokenname.long", maxTokenName))
	}
	if !slices.Contains(allowedScopes(u), scope) {
		f.fail("scope-"+lmo.ScopeRead, translate(lang, "account.error.scope"))
	}
	var secret string
	var err error
	if f.ok() {
		secret, _, err = s.cfg.Accounts.CreateToken(r.Context(), name, scope)
		switch lmo.ErrorCode(err) {
		case "":
			f = nil
		case lmo.EINVALID:
			f.fail("name", lmo.ErrorMessage(err))
		default:
			return err
		}
	}
	v, verr := s.accountView(r, u, nil, f)
	if verr != nil {
		return verr
	}
	status := http.StatusOK
	if f != nil {
		status = formStatus(err)
	}
	v.NewToken = secret
	return s.renderPrivate(w, r, status, "account", v)
}

// revokeToken revokes one of the person's tokens.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, u *lmo.User) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return lmo.Errorf(lmo.ENOTFOUND, "There is no such token.")
	}
	if err := s.cfg.Accounts.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/account?done=revoked", http.StatusSeeOther)
	return nil
}
