// Package notice renders CaseDesk's printed documents as PDF: the record
// copies of USCIS notices a clinic keeps (receipt, appointment, request for
// evidence, approval, denial …), the Account Access Notice, the backup-code
// sheet, the account summary and the case history report.
//
// Pages are US Letter with the clinic's letterhead, the recipient's address
// where a #10 window envelope shows it, and on every page the line "Record copy
// printed with CaseDesk — not issued by USCIS". Fonts are embedded (DejaVu:
// Latin, Greek, Cyrillic); text they cannot draw is refused, never printed as
// empty boxes. The same documents always give the same bytes.
package notice

import (
	"casedesk/app"
	"casedesk/app/i18n"
)

// Letterhead is the clinic that prints: its name and address lines.
type Letterhead struct {
	Name    string
	Address []string
}

// Doc is one document of a PDF; a PDF holds one or many. Each starts on a
// new page and numbers its own pages ("Page 1 of 2"), and each is in its
// own language: its reader's, so one batch may hold English and Spanish
// notices side by side.
type Doc interface {
	// Title names the document for messages and progress ("Receipt Notice
	// IOE0912345678"), in the document's language.
	Title() string
	// Date is the document's date; the PDF's creation date is the latest of them.
	Date() app.Date
	// lang is the language the document prints in.
	lang() *i18n.Lang
	// title is Title in a language: file names take the English one.
	title(l *i18n.Lang) string
	render(p *page)
}

// ScreenTitle is d's Title in the current language, for the screen that
// shows it: the desk, in English, heads a Spanish client's notice
// "Account Access Notice" while the notice itself is in Spanish.
func ScreenTitle(d Doc) string { return d.title(i18n.Current()) }

// Notice is the record copy of a stored notice in its recipient's language,
// which the Service looks up when it renders it (Write alone prints it in
// English). Until then its Title is in the current language, for screens
// that list notices. NoticeIn gives the language at once.
func Notice(n app.Notice) Doc { return stored{n: n} }

// NoticeIn is the record copy of a stored notice in the language tag
// ("en", "es" …): its recipient's app.Person.Language.
func NoticeIn(n app.Notice, tag string) Doc { return stored{n: n, tr: i18n.In(tag)} }

// Stored returns the stored notice behind a document made by Notice.
func Stored(d Doc) (app.Notice, bool) {
	s, ok := d.(stored)
	return s.n, ok
}

// AccessNotice is the Account Access Notice: the online account number, the
// one-time access code, when it expires and how to use it. It is made when
// the code is issued; the store never holds the code itself.
type AccessNotice struct {
	Name          string
	Address       string // the mailing block, one line per line, name first
	AccountNumber app.AccountNumber
	Code          app.AccessCode
	Issued        app.Date
	Expires       app.Date
	// Reset: the code re-opens an account that was set up, replacing its
	// password and 2-step verification.
	Reset bool
	Lang  string // the person's language tag; empty is English
	// Packet: the code opens a clinic's case packet (account.go), not an
	// account; then there is no account number and no expiry.
	Packet *PacketNote
}

// BackupCodes is the sheet of one-time backup codes for 2-step verification.
// It carries no username: with one, the sheet alone would be half of a
// sign-in.
type BackupCodes struct {
	Name          string
	AccountNumber app.AccountNumber
	Codes         []string
	Issued        app.Date
	// NoAuthenticator: the account has no authenticator app, so every
	// sign-in takes one of these codes, and the sheet says so.
	NoAuthenticator bool
	Lang            string // the person's language tag; empty is English
}

// StaffPassword is the sheet an administrator prints to hand a staff
// member their one-time password, with how to sign in with it, in English
// like the rest of the desk. It carries neither the username nor the name:
// found on a desk, it says nobody whose password it is. A staff member
// learns their username from the administrator who hands it over.
type StaffPassword struct {
	Password string
	Issued   app.Date
	// Reset: the password replaces one the staff member had, and their
	// 2-step verification was removed with it.
	Reset bool
}

// AccountSummary lists an account and the cases linked to it.
type AccountSummary struct {
	Name          string
	Address       string
	Username      string
	AccountNumber app.AccountNumber
	Cases         []app.Case
	Printed       app.Date
	Lang          string // the person's language tag; empty is English
}

// CaseHistory is the report of every status change of one case, oldest first.
type CaseHistory struct {
	Case    app.Case
	Name    string // the applicant
	Address string
	Events  []app.CaseEvent
	Printed app.Date
	Lang    string // the applicant's language tag; empty is English
}
