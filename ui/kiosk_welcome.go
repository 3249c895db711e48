package ui

import "casedesk/app/i18n"

// watchWelcome runs the kiosk's idle limit on the welcome screen while a
// visitor's choices there (a language, Larger text) differ from the
// kiosk's: a visitor who chooses them and walks away without signing in
// would otherwise leave them to the next. With no choice made, or on a
// computer of one's own, nothing runs: the welcome screen holds nothing
// of anyone.
func (sh *shell) watchWelcome() {
	if sh.welcomeIdle != nil {
		sh.welcomeIdle.stop()
		sh.welcomeIdle = nil
	}
	if !sh.svc.Kiosk || (i18n.Language() == i18n.Default() && !largerTextOn()) {
		return
	}
	shown := sh.welcome
	g := newIdleGuard(sh.svc.Runner, sh.svc.idle(), func() {
		if sh.atWelcome && sh.welcome == shown {
			sh.leave("")
		}
	})
	sh.welcomeIdle = g
	g.start()
}
