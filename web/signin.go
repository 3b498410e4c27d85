package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/lmo-observatory/lmo"
)

// signInView is the sign-in page: the form, where to go after, and a
// notice (signed out).
type signInView struct {
	Page
	Form   *form
	Next   string
	Notice string
}

// signInNotices are the notices the sign-in page shows by its "out"
// parameter, after signing out.
var signInNotices = map[string]string{"1": "auth.signedout", "all": "auth.signedout.all"}

// signInPage shows the sign-in form. Someone already signed in goes on to
// next.
func (s *Server) signInPage(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	next := localPath(r.URL.Query().Get("next"))
	if u := lmo.UserFromContext(r.Context()); u != nil && u.Scope == "" {
		w.Header().Set("Cache-Control", privateCache)
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	v := &signInView{Page: s.page(r, translate(lang, "auth.signin.title")), Form: newForm(nil), Next: next}
	if key, ok := signInNotices[r.URL.Query().Get("out")]; ok {
		v.Notice = translate(lang, key)
	}
	return s.renderPrivate(w, r, http.StatusOK, "signin", v)
}

// signIn checks an email and password. Success opens a new session (a new
// secret in the cookie) and goes on to next (303). A wrong email and a
// wrong password get the same page; too many failures get 429 and when to
// try again.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	email := strings.TrimSpace(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	f := newForm(map[string]string{"email": email})
	if email == "" {
		f.fail("email", translate(lang, "auth.error.email"))
	}
	if password == "" {
		f.fail("password", translate(lang, "auth.error.password"))
	}
	var err error
	if f.ok() {
		var secret string
		secret, _, err = s.cfg.Accounts.SignIn(r.Context(), email, password)
		switch lmo.ErrorCode(err) {
		case "":
			w.Header().Set("Cache-Control", privateCache)
			s.setSession(w, secret)
			http.Redirect(w, r, next, http.StatusSeeOther)
			return nil
		case lmo.EINVALID:
			f.fail("email", translate(lang, "auth.error.wrong"))
		case lmo.ETOOMANY:
			f.fail("", lmo.ErrorMessage(err))
		default:
			return err
		}
	}
	v := &signInView{Page: s.page(r, f.title(lang, translate(lang, "auth.signin.title"))), Form: f, Next: next}
	return s.renderPrivate(w, r, formStatus(err), "signin", v)
}

// signOutView is the page with the one button that signs out.
type signOutView struct {
	Page
	User *lmo.User
}

// signOutPage shows a form that signs out: signing out changes something,
// so it is a POST, which no other site can make for the person.
func (s *Server) signOutPage(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	v := &signOutView{Page: s.page(r, translate(lang, "auth.signout.title")), User: lmo.UserFromContext(r.Context())}
	return s.renderPrivate(w, r, http.StatusOK, "signout", v)
}

// signOut ends the session of the request, clears its cookie and goes to
// the sign-in page, which says so.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if secret := s.sessionSecret(r); secret != "" {
		err := s.cfg.Accounts.SignOut(r.Context(), secret)
		if code := lmo.ErrorCode(err); code != "" && code != lmo.EUNAUTHORIZED && code != lmo.ENOTFOUND {
			return err
		}
	}
	w.Header().Set("Cache-Control", privateCache)
	s.clearSession(w)
	http.Redirect(w, r, "/signin?out=1", http.StatusSeeOther)
	return nil
}

// linkView is the page of a one-time sign-in link: choose a password.
type linkView struct {
	Page
	Form   *form
	Action string
	Min    int
}

// linkPage shows the form of a sign-in link. Only its POST spends the
// link, so that a mail client or a preview fetching the address does not.
func (s *Server) linkPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPrivate(w, r, http.StatusOK, "signin_link", s.linkView(r, newForm(nil)))
}

// linkView returns the view of a sign-in link's page with f.
func (s *Server) linkView(r *http.Request, f *form) *linkView {
	lang := langOf(r)
	return &linkView{Page: s.page(r, f.title(lang, translate(lang, "auth.link.title"))), Form: f,
		Action: r.URL.EscapedPath(), Min: lmo.MinPasswordLength}
}

// redeemLink sets the password of a sign-in link's account, spends the
// link, signs in and goes to the account page.
func (s *Server) redeemLink(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	password := r.PostFormValue("password")
	f := newForm(nil)
	checkNewPassword(lang, f, "password", password)
	var err error
	if f.ok() {
		var secret string
		secret, _, err = s.cfg.Accounts.RedeemSignInLink(r.Context(), r.PathValue("secret"), password)
		switch lmo.ErrorCode(err) {
		case "":
			w.Header().Set("Cache-Control", privateCache)
			s.setSession(w, secret)
			http.Redirect(w, r, "/account", http.StatusSeeOther)
			return nil
		case lmo.EINVALID:
			f.fail("", lmo.ErrorMessage(err))
		case lmo.ETOOMANY:
			f.fail("", lmo.ErrorMessage(err))
		default:
			return err
		}
	}
	return s.renderPrivate(w, r, formStatus(err), "signin_link", s.linkView(r, f))
}

// checkNewPassword adds an error of field when password is empty, or
// shorter or longer than a password may be (the store checks again).
func checkNewPassword(lang string, f *form, field, password string) {
	n := utf8.RuneCountInString(password)
	switch {
	case n == 0:
		f.fail(field, translate(lang, "auth.error.newpassword"))
	case n < lmo.MinPasswordLength:
		f.fail(field, translate(lang, "auth.error.short", lmo.MinPasswordLength))
	case len(password) > lmo.MaxPasswordLength:
		f.fail(field, translate(lang, "auth.error.long", lmo.MaxPasswordLength))
	}
}
