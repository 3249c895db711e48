package ui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/app/notice"
	"casedesk/app/portal"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// useSpanish switches the screens to Spanish for one test.
func useSpanish(t *testing.T) {
	t.Helper()
	if err := i18n.Use("es"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = i18n.Use("en") })
}

// englishKeys are the English messages whose Spanish differs, each as a
// pattern that matches the message however it was formatted ("Step %d of
// %d" matches "Step 2 of 5"); a screen in Spanish shows none of them.
type englishKeys struct {
	whole []*regexp.Regexp // the whole text is the English message
	part  []string         // a sentence long enough to be English wherever it appears
	keys  []string         // the keys, for the report
}

var (
	fmtVerb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z]`)
	words   = regexp.MustCompile(`\pL{2,}`)
)

func loadEnglishKeys(t *testing.T) englishKeys {
	t.Helper()
	es := i18n.In("es")
	if es.Tag() != "es" {
		t.Fatal("CaseDesk has no Spanish catalog")
	}
	var ek englishKeys
	for _, k := range es.Messages() {
		if es.Text(k) == k {
			continue // the same in both languages ("%s · %s")
		}
		if fmtVerb.MatchString(k) && len(words.FindAllString(fmtVerb.ReplaceAllString(k, " "), -1)) < 2 {
			continue // "%s or %s" would match any text with "or" in it
		}
		parts := fmtVerb.Split(k, -1)
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		ek.whole = append(ek.whole, regexp.MustCompile(`^`+strings.Join(parts, `.*?`)+`$`))
		ek.keys = append(ek.keys, k)
		if !fmtVerb.MatchString(k) && len(strings.Fields(k)) >= 4 {
			ek.part = append(ek.part, k)
		}
	}
	return ek
}

// english returns the English message text is, or holds, or "".
func (ek englishKeys) english(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return ""
	}
	for i, re := range ek.whole {
		if re.MatchString(text) {
			return ek.keys[i]
		}
	}
	for _, p := range ek.part {
		if strings.Contains(text, p) {
			return p
		}
	}
	return ""
}

// shownTexts is every text a person can read on o, with where it is:
// labels, buttons, entries' placeholders, choices' options, cards' titles,
// rich text, tabs' names, form items' names and hints, and what the widgets
// draw (list rows included), and what a screen reader says of each control.
// Hidden objects are read too: they show at a later moment of the same
// screen.
func shownTexts(o fyne.CanvasObject) map[string]string {
	out := map[string]string{}
	add := func(where, s string) {
		if strings.TrimSpace(s) != "" {
			out[s] = where
		}
	}
	seen := map[fyne.CanvasObject]bool{}
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || seen[o] {
			return
		}
		seen[o] = true
		if a, ok := o.(interface{ AccessibilityLabel() string }); ok {
			add("screen reader's label", a.AccessibilityLabel())
		}
		switch w := o.(type) {
		case *widget.Label:
			add("label", w.Text)
			return // its rich text is its Text, split into lines
		case *widget.Button:
			add("button", w.Text)
		case *widget.Entry:
			add("placeholder", w.PlaceHolder)
		case *field:
			add("placeholder", w.PlaceHolder)
		case *dateEntry:
			add("placeholder", w.PlaceHolder)
		case *widget.Select:
			if w.Selected == "" {
				add("choice", w.PlaceHolder)
			}
			add("choice", w.Selected)
			for _, opt := range w.Options {
				add("choice option", opt)
			}
		case *choice:
			if w.Selected == "" {
				add("choice", w.PlaceHolder)
			}
			add("choice", w.Selected)
			for _, opt := range w.Options {
				add("choice option", opt)
			}
		case *widget.RadioGroup:
			for _, opt := range w.Options {
				add("radio option", opt)
			}
		case *widget.Check:
			add("check box", w.Text)
		case *widget.Hyperlink:
			add("link", w.Text)
		case *widget.Card:
			add("card title", w.Title)
			add("card subtitle", w.Subtitle)
			walk(w.Content)
		case *widget.Form:
			for _, it := range w.Items {
				add("form item", it.Text)
				add("form hint", it.HintText)
				walk(it.Widget)
			}
		case *widget.RichText:
			var b strings.Builder
			for _, s := range w.Segments {
				if ts, ok := s.(*widget.TextSegment); ok {
					b.WriteString(ts.Text)
				}
			}
			add("rich text", b.String())
			return
		case *widget.Accordion:
			for _, it := range w.Items {
				add("accordion", it.Title)
				walk(it.Detail)
			}
		case *container.AppTabs:
			for _, it := range w.Items {
				add("tab", it.Text)
				walk(it.Content)
			}
		case *container.Scroll:
			walk(w.Content)
		case *canvas.Text:
			add("text", w.Text)
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
			return
		}
		if wid, ok := o.(fyne.Widget); ok {
			for _, c := range test.WidgetRenderer(wid).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

// spanishCheck gathers, screen by screen, the English texts found.
type spanishCheck struct {
	t       *testing.T
	ek      englishKeys
	screens int
	texts   int
}

func newSpanishCheck(t *testing.T) *spanishCheck {
	useSpanish(t)
	return &spanishCheck{t: t, ek: loadEnglishKeys(t)}
}

// look reads screen's texts and fails for each that is an English message,
// and for a screen that needs a window wider than 800.
func (c *spanishCheck) look(screen string, objs ...fyne.CanvasObject) {
	c.t.Helper()
	c.screens++
	fyne.CurrentApp().Settings().SetTheme(newAppTheme())
	for _, o := range objs {
		// Spanish is a quarter longer than English: it must still fit the
		// narrowest window the English screens fit.
		if w := o.MinSize().Width + 2*theme.Padding(); w > 800 {
			c.t.Errorf("%s: needs a window %.0f wide in Spanish; 800 at most", screen, w)
		}
		texts := shownTexts(o)
		if len(texts) == 0 {
			c.t.Errorf("%s: found no text at all; is the screen built?", screen)
		}
		for text, where := range texts {
			c.texts++
			if en := c.ek.english(text); en != "" {
				c.t.Errorf("%s: %s %q is the English message %q", screen, where, text, en)
			}
		}
	}
}

// TestEnglishKeysFindEnglish: the check itself finds an English message,
// formatted or not, and lets the Spanish one be.
func TestEnglishKeysFindEnglish(t *testing.T) {
	ek := loadEnglishKeys(t)
	for text, want := range map[string]string{
		"Step 2 of 5": "Step %d of %d",
		"Sign in":     "Sign in",
		"Only 1 unused backup code is left. Make a new sheet in My account.": "Make a new sheet in My account.",
		"Paso 2 de 5":    "",
		"Iniciar sesión": "",
		"IOE0912345678":  "",
	} {
		if got := ek.english(text); got != want {
			t.Errorf("english(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestSpanishScreensShowNoEnglish builds every applicant screen in Spanish
// (welcome, each wizard step and its errors, sign-in and its recovery
// forms, every home tab, a case page and a preview, a kiosk's welcome and
// home) and fails for every text on them that is an English message.
func TestSpanishScreensShowNoEnglish(t *testing.T) {
	c := newSpanishCheck(t)

	t.Run("welcome", func(t *testing.T) {
		c.t = t
		f := &fakeStore{needSetUp: true}
		w, _ := newTestWelcome(t, f)
		c.look("welcome, a new store", w.Content())
		w.say(i18n.T("You were signed out because nothing happened for %s.", minutes(15*time.Minute)))
		c.look("welcome, after an idle sign-out", w.Content())
		f2 := &fakeStore{sum: app.Summary{ClinicName: "Clínica Esperanza", People: 3, Cases: 4}}
		w2, _ := newTestWelcome(t, f2)
		c.look("welcome, a clinic", w2.Content())
	})

	t.Run("wizard", func(t *testing.T) {
		c.t = t
		r := newTestWizard(t)
		w := r.w
		c.look("wizard step 1", w.Content())
		typeIn(w.code, "12AB")
		r.next()
		c.look("wizard step 1, a short code", w.Content())
		typeIn(w.code, r.code.String())
		r.next()
		c.look("wizard step 2", w.Content())
		typeIn(w.ident.family, "Smith")
		typeIn(w.ident.dob, "14/03/1985")
		r.next()
		c.look("wizard step 2, a bad date", w.Content())
		typeIn(w.ident.dob, "03/14/1985")
		r.next()
		c.look("wizard step 2, a wrong identity", w.Content())
		typeIn(w.ident.family, "Muñoz")
		typeIn(w.ident.zip, "62701")
		typeIn(w.ident.country, "Mexico")
		r.next()
		c.look("wizard step 3", w.Content())
		typeIn(w.username, "x")
		typeIn(w.password, "password")
		typeIn(w.confirm, "passw")
		r.next()
		c.look("wizard step 3, a weak password", w.Content())
		typeIn(w.username, "jose.munoz")
		typeIn(w.password, "river lamp orange 42")
		typeIn(w.confirm, "river lamp orange 42")
		r.next()
		c.look("wizard step 4", w.Content())
		typeIn(w.enrol.code, "000000")
		r.next()
		c.look("wizard step 4, a wrong code", w.Content())
		w.method.SetSelected(w.method.Options[1])
		c.look("wizard step 4, backup codes only", w.Content())
		r.next()
		c.look("wizard step 5", w.Content())
		test.Tap(w.sheet.print)
		c.look("wizard step 5, printed", w.Content())
	})

	t.Run("sign-in", func(t *testing.T) {
		c.t = t
		r := newHomeRig(t)
		s := NewSignIn(r.svc, r.win.Canvas(), func(app.Account) {}, func(string) {})
		r.win.SetContent(s.Content())
		s.Start()
		c.look("sign-in", s.Content())
		typeIn(s.username, "ana.lopez")
		typeIn(s.password, "wrong lamp orange 42")
		test.Tap(s.next)
		c.look("sign-in, a wrong password", s.Content())
		typeIn(s.password, "river lamp orange 42")
		test.Tap(s.next)
		c.look("sign-in, the second step", s.Content())
		typeIn(s.code, "00000-00000")
		test.Tap(s.next)
		c.look("sign-in, a wrong code", s.Content())

		s.showRecovery(s.resetForm, s.resetUser)
		c.look("forgot password", s.Content())
		typeIn(s.resetUser, "ana.lopez")
		typeIn(s.resetCode, "00000-00000")
		typeIn(s.resetNew, "a brand new passphrase")
		typeIn(s.resetAgain, "a brand new passphrase")
		s.resetPassword()
		c.look("forgot password, a wrong code", s.Content())
		typeIn(s.resetCode, r.codes[2])
		s.resetPassword()
		c.look("forgot password, reset", s.Content())
		s.showSteps()
		s.showRecovery(s.findForm, s.find.family)
		c.look("forgot username", s.Content())
		typeIn(s.find.family, "lopez")
		typeIn(s.find.dob, "1/2/1990")
		typeIn(s.find.zip, "62701")
		typeIn(s.findCode, "00000-00000")
		s.findUsername()
		c.look("forgot username, a wrong code", s.Content())
	})

	t.Run("home", func(t *testing.T) {
		c.t = t
		r := newHomeRig(t)
		// A notice prints in its person's language, whatever the screen's:
		// the preview is Spanish for a person who reads Spanish.
		spanishReader := newNoticeStore()
		spanishReader.lang = "es"
		r.svc.Notices = notice.NewService(spanishReader, nil)
		h, session, _ := r.home(t)
		for i, it := range h.tabs.Items {
			h.tabs.SelectIndex(i)
			c.look("home, tab "+it.Text, h.Content())
		}
		test.Tap(h.cases.open[0])
		c.look("a case page", h.Content())
		h.goBack()
		h.cases.addCase("IOE0000000001", portal.AsApplicant)
		c.look("home, a case that is not found", h.Content())
		h.notices.preview("n1")
		c.look("a notice's preview", h.Content())
		h.goBack()
		typeIn(h.account.current, "not my password")
		typeIn(h.account.codesPw, "not my password")
		test.Tap(h.account.makeCodes)
		c.look("my account, a wrong password", h.Content())
		h.account.showLeft(1)
		c.look("my account, one backup code left", h.Content())
		h.account.startApp()
		c.look("my account, a new authenticator app", h.Content())
		p := h.profile
		typeIn(p.phone, "555-01")
		test.Tap(p.saveContact)
		typeIn(p.line1, "")
		typeIn(p.state, "ZZ")
		typeIn(p.zip, "787")
		test.Tap(p.saveAddr)
		c.look("profile, a wrong phone and address", h.Content())
		var asked string
		var yes func()
		p.ask = func(msg string, ok func()) { asked, yes = msg, ok }
		typeIn(p.line1, "77 Elm St")
		typeIn(p.city, "Austin")
		typeIn(p.state, "TX")
		typeIn(p.zip, "78701")
		test.Tap(p.saveAddr)
		if yes == nil {
			t.Fatalf("the change of address was not confirmed: %q", p.addrMsg.Text)
		}
		c.look("profile, the question before a change of address", wrapped(asked))
		yes()
		c.look("profile, the address changed", h.Content())
		test.Tap(h.messages.cards[0].read)
		typeIn(h.messages.cards[0].reply, "Gracias")
		test.Tap(h.messages.cards[0].send)
		c.look("messages, a reply sent", h.Content())
		now := session.LastActive()
		h.tick(now.Add(14*time.Minute + 40*time.Second))
		c.look("home, the idle warning", h.Content())
	})

	t.Run("kiosk", func(t *testing.T) {
		c.t = t
		sh, _ := kioskShell(t)
		c.look("a kiosk's welcome", sh.welcome.Content())
		_, h := kioskHome(t)
		for i, it := range h.tabs.Items {
			h.tabs.SelectIndex(i)
			c.look("a kiosk's home, tab "+it.Text, h.Content())
		}
	})

	t.Logf("%d screens, %d texts read", c.screens, c.texts)
	if c.texts < 300 {
		t.Errorf("read only %d texts on %d screens; is the walk reaching the widgets?", c.texts, c.screens)
	}
}

// The plural forms reach the screens: one backup code, one minute.
func TestSpanishPlurals(t *testing.T) {
	useSpanish(t)
	for _, tc := range []struct{ got, want string }{
		{minutes(time.Minute), "1 minuto"},
		{minutes(15 * time.Minute), "15 minutos"},
		{seconds(1), "1 segundo"},
		{seconds(30), "30 segundos"},
		{documents(1), "1 documento"},
		{documents(3), "3 documentos"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
