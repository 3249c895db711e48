package notice

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"casedesk/app"
	"casedesk/app/i18n"
)

// Which language a document prints in: its person's, never the screen's.

// An English speaker's notice is English even while the screen is Spanish:
// the notice's language is its reader's, not the screen's.
func TestEnglishSpeakersNoticeStaysEnglishOnASpanishScreen(t *testing.T) {
	spanishScreen(t)
	n := stock(app.NoticeApproval, "John Smith", "WAC2190054321", day(2026, 9, 9))
	n.Fields["notice_type"] = "Case Was Approved"
	for _, d := range []Doc{NoticeIn(n, "en"), NoticeIn(n, ""), NoticeIn(n, "fr"), // no French catalog: English
		AccessNotice{Name: "John Smith", AccountNumber: "123456789012", Code: "7K3QM9TZ2WXA", Issued: day(2026, 11, 23), Expires: day(2026, 12, 23), Lang: "en"},
		BackupCodes{Name: "John Smith", Codes: []string{"4821-9930"}, Issued: day(2026, 11, 23)},
		StaffPassword{Password: "7K3Q-M9TZ-2WXA-4B8N", Issued: day(2026, 11, 23)},
		RecoveryKey{Clinic: "Riverside", Groups: []string{"ABCDE"}, QR: "CDK1:ABCDE", Fingerprint: "AB12", Issued: day(2026, 11, 23)}} {
		text := words(t, render(t, d))
		for _, w := range []string{"Record copy printed with CaseDesk — not issued by USCIS", "November 23, 2026"} {
			if w == "November 23, 2026" && d.Date() != day(2026, 11, 23) {
				w = "September 9, 2026"
			}
			if !strings.Contains(text, w) {
				t.Errorf("%s: %q missing:\n%s", d.Title(), w, text)
			}
		}
		for _, w := range []string{"Copia de registro", "Página", " de noviembre de ", " de septiembre de "} {
			if strings.Contains(text, w) {
				t.Errorf("%s: Spanish %q in an English document:\n%s", d.Title(), w, text)
			}
		}
		if strings.Contains(text, "Case Was Approved") && strings.Contains(text, "(Case Was Approved)") {
			t.Errorf("%s: an English notice repeats the status title in parentheses", d.Title())
		}
	}
}

// spanishScreen shows the screens in Spanish until the test ends.
func spanishScreen(t *testing.T) {
	t.Helper()
	was := i18n.Language()
	if err := i18n.Use("es"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { i18n.Use(was) })
}

// A notice whose language is not yet known has its Title in the screen's
// language, for lists on screens, and prints in English when written
// without the service, which knows its reader.
func TestNoticeWithoutLanguage(t *testing.T) {
	spanishScreen(t)
	d := Notice(stock(app.NoticeReceipt, "José Muñoz", "IOE0912345678", day(2026, 3, 9)))
	if got := d.Title(); got != "Aviso de recibo IOE0912345678" {
		t.Errorf("title on a Spanish screen: %q", got)
	}
	if text := words(t, render(t, d)); !strings.Contains(text, "Receipt Notice") {
		t.Errorf("written without its reader's language, the notice is not English:\n%s", text)
	}
}

// people is a clinic whose notices' people read different languages.
type people struct {
	*clinic
	langs map[string]string // person → language; a person missing is gone
	err   error             // when set, Person fails with it
	asked int               // how many times Person was asked
}

func (s *people) Person(_ context.Context, id string) (app.Person, error) {
	s.asked++
	if s.err != nil {
		return app.Person{}, s.err
	}
	lang, ok := s.langs[id]
	if !ok {
		return app.Person{}, app.ErrNotFound
	}
	return app.Person{ID: id, GivenName: "P", Language: lang}, nil
}

// The service gives each stored notice its person's language, whatever
// the screen's: in a day's batch, a preview, a saved file and an export.
func TestServicePrintsEachNoticeInItsPersonsLanguage(t *testing.T) {
	spanishScreen(t) // the screen's language must not matter
	c := newClinic(4)
	for i, who := range []string{"p-es", "p-en", "p-es", "p-gone"} {
		c.notices[i].PersonID = who
	}
	store := &people{clinic: c, langs: map[string]string{"p-es": "es", "p-en": ""}}
	svc := NewService(store, nil)
	ctx := context.Background()
	docs, err := svc.Docs(ctx, Selection{Date: mailing})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range docs {
		got = append(got, d.lang().Tag())
	}
	if strings.Join(got, " ") != "es en es en" {
		t.Errorf("languages %v, want es en es en", got)
	}
	if store.asked != 3 {
		t.Errorf("the store was asked for a person %d times, want once each", store.asked)
	}

	// Previews and saved files of a notice made without its language.
	for i, want := range []string{"Copia de registro impresa con CaseDesk", "Record copy printed with CaseDesk"} {
		pages, err := svc.Pages(ctx, Notice(c.notices[i]))
		if err != nil {
			t.Fatal(err)
		}
		if text := joined(pages[0]); !strings.Contains(text, want) {
			t.Errorf("preview of notice %d: %q missing:\n%s", i, want, text)
		}
		path, err := svc.SaveIn(ctx, t.TempDir(), Notice(c.notices[i]))
		if err != nil {
			t.Fatal(err)
		}
		pdf, _ := os.ReadFile(path)
		if text := words(t, pdf); !strings.Contains(text, want) {
			t.Errorf("saved notice %d: %q missing", i, want)
		}
		if !strings.HasPrefix(filepath.Base(path), "Receipt-Notice-") {
			t.Errorf("saved as %s: file names stay English", filepath.Base(path))
		}
	}

	// A day's export holds each notice in its language.
	path := filepath.Join(t.TempDir(), "day.pdf")
	if _, err := svc.Export(ctx, Selection{Date: mailing}, path, nil); err != nil {
		t.Fatal(err)
	}
	pdf, _ := os.ReadFile(path)
	text := words(t, pdf)
	if strings.Count(text, "Copia de registro impresa") != 2 || strings.Count(text, "Record copy printed") != 2 {
		t.Errorf("a day of two Spanish and two English notices:\n%s", text)
	}

	// A store that fails is an error, not an English notice.
	store.err = errors.New("disk on fire")
	if _, err := svc.Pages(ctx, Notice(c.notices[0])); !errors.Is(err, store.err) {
		t.Errorf("with the store failing: %v", err)
	}
	// A notice given its language is not looked up.
	store.asked = 0
	if _, err := svc.Pages(ctx, NoticeIn(c.notices[0], "es")); err != nil || store.asked != 0 {
		t.Errorf("a notice with its language: %v, %d look-ups", err, store.asked)
	}
}

// A screen heads a document in its own language; the document's Title is
// in the document's.
func TestScreenTitleIsInTheScreensLanguage(t *testing.T) {
	es := AccessNotice{Name: "José Muñoz", Issued: day(2026, 11, 23), Lang: "es"}
	if got, title := ScreenTitle(es), es.Title(); got != "Account Access Notice" || title != "Aviso de acceso a la cuenta" {
		t.Errorf("on an English screen: %q, the notice's title %q", got, title)
	}
	spanishScreen(t)
	if got := ScreenTitle(AccessNotice{Name: "John Smith", Issued: day(2026, 11, 23)}); got != "Aviso de acceso a la cuenta" {
		t.Errorf("an English notice on a Spanish screen: %q", got)
	}
}
