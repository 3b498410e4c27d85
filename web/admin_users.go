package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/lmo-observatory/lmo"
)

// usersView is the administrators' page of accounts: the list, with each
// account's role, state and actions, and the form that adds one; after
// adding one (or asking for a new link), the one-time sign-in link to send.
type usersView struct {
	Page
	Accounts []accountRow
	Roles    []string
	Form     *form
	Link     *signInLink
	Notice   string
}

// accountRow is one account in the list.
type accountRow struct {
	ID                  int64
	Email, Name, Role   string
	Disabled, Self      bool
	Created, LastSignIn string
}

// signInLink is a sign-in link just made, to send to its account's owner.
type signInLink struct {
	Email, URL string
	Hours      int
}

// usersNotices are the users page's notices by its "done" parameter.
var usersNotices = map[string]string{"role": "admin.users.done.role", "disabled": "admin.users.done.disabled",
	"enabled": "admin.users.done.enabled"}

// adminUsers lists the accounts.
func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request, u *lmo.User) error {
	lang := langOf(r)
	v, err := s.usersView(r, u, nil)
	if err != nil {
		return err
	}
	if key, ok := usersNotices[r.URL.Query().Get("done")]; ok {
		v.Notice = translate(lang, key)
	}
	return s.renderPrivate(w, r, http.StatusOK, "admin_users", v)
}

// usersView returns the users page with the add form f (nil: empty).
func (s *Server) usersView(r *http.Request, u *lmo.User, f *form) (*usersView, error) {
	lang := langOf(r)
	accounts, err := s.cfg.Accounts.Accounts(r.Context())
	if err != nil {
		return nil, err
	}
	if f == nil {
		f = newForm(map[string]string{"role": lmo.RoleContributor})
	}
	v := &usersView{Page: s.page(r, f.title(lang, translate(lang, "admin.users.title"))), Roles: lmo.Roles, Form: f}
	for _, a := range accounts {
		v.Accounts = append(v.Accounts, accountRow{ID: a.ID, Email: a.Email, Name: a.Name, Role: a.Role, Disabled: a.Disabled,
			Self: a.ID == u.ID, Created: formatTime(a.CreatedAt), LastSignIn: formatTime(a.LastSignIn)})
	}
	return v, nil
}

// addUser adds an account and shows its one-time sign-in link.
func (s *Server) addUser(w http.ResponseWriter, r *http.Request, u *lmo.User) error {
	lang := langOf(r)
	if err := parseForm(w, r); err != nil {
		return err
	}
	a := &lmo.Account{Email: strings.TrimSpace(r.PostFormValue("email")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Role: r.PostFormValue("role")}
	f := newForm(map[string]string{"email": a.Email, "name": a.Name, "role": a.Role})
	if a.Email == "" {
		f.fail("email", translate(lang, "admin.users.error.email"))
	}
	if a.Name == "" {
		f.fail("name", translate(lang, "admin.users.error.name"))
	}
	if !slices.Contains(lmo.Roles, a.Role) {
		f.fail("role", translate(lang, "admin.users.error.role"))
	}
	var err error
	if f.ok() {
		err = s.cfg.Accounts.CreateAccount(r.Context(), a)
		switch lmo.ErrorCode(err) {
		case "":
			return s.showLink(w, r, u, a)
		case lmo.ECONFLICT:
			f.fail("email", translate(lang, "admin.users.error.taken"))
		case lmo.EINVALID:
			f.fail("", lmo.ErrorMessage(err))
		default:
			return err
		}
	}
	v, verr := s.usersView(r, u, f)
	if verr != nil {
		return verr
	}
	return s.renderPrivate(w, r, formStatus(err), "admin_users", v)
}

// showLink makes a sign-in link for a and shows the users page with it.
func (s *Server) showLink(w http.ResponseWriter, r *http.Request, u *lmo.User, a *lmo.Account) error {
	secret, err := s.cfg.Accounts.CreateSignInLink(r.Context(), a.ID)
	if err != nil {
		return err
	}
	v, err := s.usersView(r, u, nil)
	if err != nil {
		return err
	}
	v.Link = &signInLink{Email: a.Email, URL: s.baseURL(r) + "/signin/link/" + secret, Hours: int(lmo.SignInLinkTTL.Hours())}
	return s.renderPrivate(w, r, http.StatusOK, "admin_users", v)
}

// accountByID returns the account of the path's id; ENOTFOUND.
func (s *Server) accountByID(r *http.Request) (*lmo.Account, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err == nil {
		accounts, err := s.cfg.Accounts.Accounts(r.Context())
		if err != nil {
			return nil, err
		}
		for _, a := range accounts {
			if a.ID == id {
				return a, nil
			}
		}
	}
	return nil, lmo.Errorf(lmo.ENOTFOUND, "There is no such account.")
}

// newSignInLink makes a new sign-in link for an account (one who forgot
// their password): it replaces the account's older links.
func (s *Server) newSignInLink(w http.ResponseWriter, r *http.Request, u *lmo.User) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	a, err := s.accountByID(r)
	if err != nil {
		return err
	}
	return s.showLink(w, r, u, a)
}

// setUserRole changes an account's role.
func (s *Server) setUserRole(w http.ResponseWriter, r *http.Request, u *lmo.User) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	a, err := s.accountByID(r)
	if err != nil {
		return err
	}
	if err := s.cfg.Accounts.SetAccountRole(r.Context(), a.ID, r.PostFormValue("role")); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/users?done=role", http.StatusSeeOther)
	return nil
}

// setUserDisabled disables an account (its sessions end, its tokens stop
// working) or enables it again.
func (s *Server) setUserDisabled(w http.ResponseWriter, r *http.Request, u *lmo.User) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	a, err := s.accountByID(r)
	if err != nil {
		return err
	}
	disabled := r.PostFormValue("disabled") == "true"
	if err := s.cfg.Accounts.SetAccountDisabled(r.Context(), a.ID, disabled); err != nil {
		return err
	}
	done := "enabled"
	if disabled {
		done = "disabled"
	}
	http.Redirect(w, r, "/admin/users?done="+done, http.StatusSeeOther)
	return nil
}
