package app

import (
	"sort"

	"casedesk/app/i18n"
)

// StatusGroup is the stage of a case a status belongs to.
type StatusGroup string

// The status groups. The first eight follow the stages USCIS's own case
// status titles move through; review (a case being worked on with no other
// news) and appeal (appeals, reopenings, refunds and other after-decision
// events) are CaseDesk's, because forcing those titles into
// "received" or "decision" would tell people something untrue.
const (
	GroupReceived   StatusGroup = "received"
	GroupBiometrics StatusGroup = "biometrics"
	GroupEvidence   StatusGroup = "evidence"
	GroupInterview  StatusGroup = "interview"
	GroupDecision   StatusGroup = "decision"
	GroupCard       StatusGroup = "card/document"
	GroupTransfer   StatusGroup = "transfer"
	GroupRejected   StatusGroup = "rejected"
	GroupReview     StatusGroup = "review"
	GroupAppeal     StatusGroup = "appeal"
)

// Status is one entry of the USCIS status catalog.
type Status struct {
	Code    string      // stable key kept in the store
	Title   string      // the USCIS title, in English as USCIS shows it
	TitleES string      // our Spanish title
	Group   StatusGroup // the stage of the case
	Final   bool        // no further action is expected on the filing
	Explain string      // what it means, in plain English (our words)
}

// Explanation is the plain-language meaning in the current language.
func (s Status) Explanation() string { return i18n.T(s.Explain) }

// LocalTitle is the title in the current language: Spanish where the catalog
// has it, else the USCIS title.
func (s Status) LocalTitle() string { return s.TitleIn(i18n.Current()) }

// TitleIn is the title in the language l: Spanish where the catalog has
// it, else the USCIS title, which is English.
func (s Status) TitleIn(l *i18n.Lang) string {
	if l.Tag() == "es" && s.TitleES != "" {
		return s.TitleES
	}
	return s.Title
}

// PrintedTitle is the title as a document in language l prints it. USCIS's
// titles are English, and a reader may need its exact words (to match the
// USCIS website, or to tell a lawyer), so another language gives its own
// title with the official one beside it: "Se Aprobó el Caso (Case Was
// Approved)". With no title of its own, the USCIS title alone.
func (s Status) PrintedTitle(l *i18n.Lang) string {
	if own := s.TitleIn(l); own != s.Title {
		return own + " (" + s.Title + ")"
	}
	return s.Title
}

// StatusByTitle looks a status up by its USCIS title, as stored notices
// keep it.
func StatusByTitle(title string) (Status, bool) {
	s, ok := statusByTitle[title]
	return s, ok
}

var statusByTitle = func() map[string]Status {
	m := make(map[string]Status, len(statusCatalog))
	for _, s := range statusCatalog {
		if _, dup := m[s.Title]; !dup { // the first of a title two codes share
			m[s.Title] = s
		}
	}
	return m
}()

var statusByCode = func() map[string]Status {
	m := make(map[string]Status, len(statusCatalog))
	for _, s := range statusCatalog {
		if _, dup := m[s.Code]; dup {
			panic("status catalog: duplicate code " + s.Code)
		}
		m[s.Code] = s
	}
	return m
}()

// StatusByCode looks a status up by its stored code.
func StatusByCode(code string) (Status, bool) {
	s, ok := statusByCode[code]
	return s, ok
}

// Statuses returns the whole catalog in a stable order (by group, then title).
func Statuses() []Status {
	out := append([]Status(nil), statusCatalog...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Group != out[j].Group {
			return out[i].Group < out[j].Group
		}
		return out[i].Title < out[j].Title
	})
	return out
}
