package ui

import (
	"errors"

	"casedesk/app"
	"casedesk/app/i18n"
)

// serverTrouble is what to say when a store on a database server failed
// under a screen: the server did not answer (stopped, restarted, the
// network down) or no longer takes CaseDesk's password. Nothing was saved,
// the screen keeps what was typed, and the same action works once the
// server is back: the store opens new connections by itself. ok is false
// for any other error. The desk's and the applicant's screens both report
// through it (Desk.fail, Home.fail).
func serverTrouble(err error) (msg string, ok bool) {
	switch {
	case errors.Is(err, app.ErrServerUnreachable):
		return i18n.T("The database server did not answer, so nothing was saved. What you typed is kept: try again in a moment, when the server is back."), true
	case errors.Is(err, app.ErrServerSignIn):
		return i18n.T("The database server refused CaseDesk's user name or password, so nothing was saved. What you typed is kept. Ask whoever looks after the server."), true
	}
	return "", false
}
