package ui

import (
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/app/notice"

	"fyne.io/fyne/v2/test"
)

// recordApproval records "Case Was Approved", with its notice, on the
// client's case and previews the notice at the desk.
func recordApproval(t *testing.T, r *deskRig, c app.Person) string {
	t.Helper()
	r.addCase(t, c.ID, "IOE0912345678")
	d, _ := r.open(t, tomas, app.RoleStaff)
	d.openClient(c.ID)
	test.Tap(d.client.openCase[0])
	chooseStatus(t, d.kase.status, "approved")
	test.Tap(d.kase.status.record)
	if len(d.kase.views) != 1 {
		t.Fatalf("%d notices recorded", len(d.kase.views))
	}
	test.Tap(d.kase.views[0])
	text, v := previewed(t, d)
	if v.print.Text != "Print" || v.backBtn.Text != "Back" {
		t.Fatalf("the desk is not in English: %q, %q", v.print.Text, v.backBtn.Text)
	}
	return text
}

// A Spanish-speaking client's notice previews in Spanish at the desk,
// whose own words stay English; an English speaker's stays English.
func TestDeskPreviewsANoticeInItsClientsLanguage(t *testing.T) {
	r := newDeskRig(t)
	jose := r.addClient(t, joseForm) // reads Spanish
	text := recordApproval(t, r, jose.Person)
	for _, want := range []string{"Aviso de aprobación", "Se Aprobó el Caso (Case Was Approved)", "Copia de registro impresa con CaseDesk — no emitida por USCIS", "Página 1 de 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q missing from José's notice:\n%s", want, text)
		}
	}
	// The preview's heading is the desk's, in English; the page is José's.
	if strings.Contains(text, "Case status") || strings.Contains(text, "Page 1 of 1") || strings.Contains(text, "THIS NOTICE") {
		t.Errorf("José's notice is partly English:\n%s", text)
	}

	r = newDeskRig(t)
	form := joseForm
	form.GivenName, form.FamilyName, form.Language = "John", "Smith", "en"
	john := r.addClient(t, form)
	text = recordApproval(t, r, john.Person)
	for _, want := range []string{"Approval Notice", "Case status: Case Was Approved", "Page 1 of 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("%q missing from John's notice:\n%s", want, text)
		}
	}
	if strings.Contains(text, "Aviso") || strings.Contains(text, "(Case Was Approved)") {
		t.Errorf("John's notice is partly Spanish:\n%s", text)
	}
}

// On a Spanish home screen, an English speaker's notice previews in
// English, and a Spanish speaker's in Spanish: the person decides.
func TestHomePreviewsANoticeInItsPersonsLanguage(t *testing.T) {
	was := i18n.Language()
	if err := i18n.Use("es"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { i18n.Use(was) })
	for _, c := range []struct {
		lang      string
		want, not string
	}{
		{"", "Record copy printed with CaseDesk — not issued by USCIS", "Copia de registro"},
		{"en", "Record copy printed with CaseDesk — not issued by USCIS", "Copia de registro"},
		{"es", "Copia de registro impresa con CaseDesk — no emitida por USCIS", "Record copy"},
	} {
		r := newHomeRig(t)
		store := newNoticeStore()
		store.lang = c.lang
		r.svc.Notices = notice.NewService(store, nil)
		h, _, _ := r.home(t)
		h.notices.preview("n1")
		if shown(h) != h.notices.viewer {
			t.Fatalf("%q: the preview is not shown: %q", c.lang, h.status.Text)
		}
		text := labels(h.notices.viewer)
		if !strings.Contains(text, c.want) || strings.Contains(text, c.not) {
			t.Errorf("a notice for a person reading %q on a Spanish screen:\n%s", c.lang, text)
		}
	}
}
