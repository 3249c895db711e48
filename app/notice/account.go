package notice

import (
	"strings"

	"casedesk/app"
	"casedesk/app/i18n"
)

func (a AccessNotice) Title() string             { return a.title(a.lang()) }
func (a AccessNotice) title(l *i18n.Lang) string { return l.T("Account Access Notice") }
func (a AccessNotice) lang() *i18n.Lang          { return i18n.In(a.Lang) }
func (a AccessNotice) Date() app.Date            { return a.Issued }

func (a AccessNotice) render(p *page) {
	if a.Packet != nil {
		a.renderPacket(p)
		return
	}
	p.cont = a.title(p.tr)
	p.address(orDefault(a.Address, a.Name))
	// The online account number heads the notice, as USCIS prints it.
	p.grey(inkGrey)
	p.text(sideX, topY, sans, "", 8, p.T("Online account number"))
	p.grey(0)
	p.text(sideX, topY+11, mono, "", 15, a.AccountNumber.String())
	p.side("", a.title(p.tr), p.T("Notice date"), a.Issued)

	p.y = 248
	p.grid(36, []field{
		{p.T("Name"), a.Name, contentW / 2},
		{p.T("Online account number"), a.AccountNumber.String(), contentW / 2},
	})
	p.gap(14)
	p.text(marginX, p.y, sans, "B", 11, p.T("Your online access code"))
	p.y += 18
	p.codeBox(a.Code.String(), 30)
	p.para("B", 10, p.T("The code works once and expires on %s.", p.date(a.Expires)))
	if a.Reset {
		p.gap(6)
		p.para("B", 10, p.T("This code resets your existing account: when you use it, you choose a new password and set up 2-step verification again, and your old password, authenticator app and backup codes stop working."))
	}
	p.gap(10)
	p.text(marginX, p.y, sans, "B", 11, p.T("How to set up your account"))
	p.y += 18
	steps := []string{
		p.T("Open CaseDesk and choose “I have an access code”."),
		p.T("Type the access code exactly as printed above. Dashes and spaces do not matter, and the letters I, L and O are read as 1, 1 and 0."),
		p.T("Confirm who you are with your family name, date of birth, ZIP code and country of birth."),
		p.T("Choose a username and a password."),
		p.T("Turn on 2-step verification with an authenticator app or printed backup codes."),
		p.T("Write down the online account number CaseDesk shows at the end; it is the number above."),
	}
	for i, s := range steps {
		p.item(p.T("%d.", i+1), s)
	}
	p.gap(10)
	p.need(60)
	p.text(marginX, p.y, sans, "B", 11, p.T("Keep your code safe"))
	p.y += 18
	p.para("", 10, p.T("The clinic will never ask for this code by phone, text message or e-mail, and codes are always free. If anyone asks you for it or wants money for it, do not give it; tell the clinic."))
	p.gap(6)
	p.para("", 10, p.T("If the code is lost or expires, ask the clinic for a new one. The old code then stops working."))
}

func (b BackupCodes) Title() string             { return b.title(b.lang()) }
func (b BackupCodes) title(l *i18n.Lang) string { return l.T("Backup codes for 2-step verification") }
func (b BackupCodes) lang() *i18n.Lang          { return i18n.In(b.Lang) }
func (b BackupCodes) Date() app.Date            { return b.Issued }

func (b BackupCodes) render(p *page) {
	p.cont = b.title(p.tr)
	p.text(marginX, p.y, sans, "B", 14, b.title(p.tr))
	p.y += 26
	// No username: with it, the sheet alone would be half of a sign-in.
	p.grid(36, []field{
		{p.T("Name"), b.Name, contentW / 2},
		{p.T("Online account number"), orDash(b.AccountNumber.String()), contentW / 2},
	})
	p.gap(12)
	if b.NoAuthenticator {
		p.para("", 10, p.T("Every time you sign in, after your password, CaseDesk asks for one of these codes. Each code works once: cross it out when you use it, and make a new sheet in My account before they run out. A code also resets a forgotten password or username; that ends this sheet and gives you a new one."))
	} else {
		p.para("", 10, p.T("Each code signs you in once when you cannot use your authenticator app. With the code your app shows, if you use one, a code also resets a forgotten password or username; that ends this sheet and gives you a new one. Cross a code out when you use it."))
	}
	p.gap(10)
	colW := contentW / 2
	for i := 0; i < len(b.Codes); i += 2 {
		p.need(30)
		for j := 0; j < 2 && i+j < len(b.Codes); j++ {
			x := marginX + float64(j)*colW
			p.text(x+10, p.y+4, sans, "", 10, p.T("%d.", i+j+1))
			p.text(x+40, p.y, mono, "", 16, b.Codes[i+j])
		}
		p.y += 30
	}
	p.gap(10)
	p.para("B", 10, p.T("Keep this sheet somewhere safe and private, like a passport. Anyone with a code and your password can sign in as you."))
	p.gap(4)
	p.para("", 10, p.T("Issued %s. When you make new backup codes, these stop working; shred this sheet.", p.date(b.Issued)))
}

func (s StaffPassword) Title() string             { return s.title(s.lang()) }
func (s StaffPassword) title(l *i18n.Lang) string { return l.T("Your one-time CaseDesk password") }
func (s StaffPassword) lang() *i18n.Lang          { return english() }
func (s StaffPassword) Date() app.Date            { return s.Issued }

func (s StaffPassword) render(p *page) {
	p.cont = s.title(p.tr)
	p.text(marginX, p.y, sans, "B", 14, s.title(p.tr))
	p.y += 26
	if s.Reset {
		p.para("", 10, p.T("Your CaseDesk staff account was reset: your old password, authenticator app and backup codes no longer work. Sign in once with this password to choose a new one and set up 2-step verification again."))
	} else {
		p.para("", 10, p.T("You have a CaseDesk staff account. Sign in once with this password to choose your own and set up 2-step verification."))
	}
	p.gap(10)
	p.codeBox(s.Password, 26)
	p.gap(4)
	p.text(marginX, p.y, sans, "B", 11, p.T("How to sign in"))
	p.y += 18
	steps := []string{
		p.T("Open CaseDesk and choose “Sign in”."),
		p.T("Type the username your administrator gave you, and this password exactly as printed, dashes included."),
		p.T("Choose a password of your own."),
		p.T("Set up 2-step verification with an authenticator app, and keep the backup codes CaseDesk shows you."),
	}
	for i, st := range steps {
		p.item(p.T("%d.", i+1), st)
	}
	p.gap(10)
	p.para("B", 10, p.T("This password works for one sign-in only. Shred this sheet once you have signed in."))
	p.gap(4)
	p.para("", 10, p.T("Issued %s. If it is lost before you sign in, ask an administrator to reset your account: this password then stops working.", p.date(s.Issued)))
}

func (s AccountSummary) Title() string             { return s.title(s.lang()) }
func (s AccountSummary) title(l *i18n.Lang) string { return l.T("Account summary") }
func (s AccountSummary) lang() *i18n.Lang          { return i18n.In(s.Lang) }
func (s AccountSummary) Date() app.Date            { return s.Printed }

func (s AccountSummary) render(p *page) {
	p.cont = s.title(p.tr) + " — " + s.Name
	p.address(orDefault(s.Address, s.Name))
	p.side("", s.title(p.tr), p.T("Printed"), s.Printed)
	p.y = 248
	p.grid(36, []field{
		{p.T("Name"), s.Name, contentW / 3},
		{p.T("Username"), orDash(s.Username), contentW / 3},
		{p.T("Online account number"), orDash(s.AccountNumber.String()), contentW / 3},
	})
	p.gap(16)
	p.heading(p.T("Cases"))
	if len(s.Cases) == 0 {
		p.para("", 10, p.T("No cases are linked to this account yet. Add a paper-filed case with its receipt number, or ask the clinic."))
		return
	}
	cols := []float64{105, 70, 185, 144}
	p.tableHead(cols, p.T("Receipt number"), p.T("Form"), p.T("Current status"), p.T("Since"))
	for _, c := range s.Cases {
		title := c.StatusCode
		if st, ok := c.Status(); ok {
			title = st.PrintedTitle(p.tr)
		}
		p.tableRow(cols, []string{string(c.Receipt), c.FormType, title, p.date(c.StatusDate)}, func() {
			p.tableHead(cols, p.T("Receipt number"), p.T("Form"), p.T("Current status"), p.T("Since"))
		})
	}
}

func (h CaseHistory) Title() string { return h.title(h.lang()) }
func (h CaseHistory) title(l *i18n.Lang) string {
	return l.T("Case history %s", string(h.Case.Receipt))
}
func (h CaseHistory) lang() *i18n.Lang { return i18n.In(h.Lang) }
func (h CaseHistory) Date() app.Date   { return h.Printed }

func (h CaseHistory) render(p *page) {
	p.cont = h.title(p.tr)
	p.address(orDefault(h.Address, h.Name))
	p.side("", p.T("Case history"), p.T("Printed"), h.Printed)
	p.y = 248
	c := h.Case
	top := p.y
	caseType := strings.TrimSpace(c.FormType + " – " + c.FormTitle)
	p.grid(54, []field{{p.T("Receipt number"), string(c.Receipt), contentW / 2}, {p.T("Case type"), caseType, contentW / 2}})
	if c.Receipt != "" {
		p.barcode(marginX+5, top+31, 18, contentW/2-10, string(c.Receipt))
	}
	p.grid(32, []field{
		{p.T("Applicant"), h.Name, contentW / 2},
		{p.T("Received date"), p.date(c.ReceivedDate), contentW / 4},
		{p.T("Office"), orDash(c.Office), contentW / 4},
	})
	p.gap(16)
	p.heading(p.T("Every status change, oldest first"))
	if len(h.Events) == 0 {
		p.para("", 10, p.T("No status changes are recorded for this case yet."))
		return
	}
	// The date column is as wide as the longest date needs: "20 de
	// septiembre de 2026" is half as long again as "March 2, 2026".
	dateW := 110.0
	for _, e := range h.Events {
		dateW = max(dateW, p.width(sans, "", 9.5, p.date(e.Date))+14)
	}
	cols := []float64{dateW, contentW - dateW}
	head := func() { p.tableHead(cols, p.T("Date"), p.T("Status")) }
	head()
	for _, e := range h.Events {
		title := e.StatusCode
		if st, ok := app.StatusByCode(e.StatusCode); ok {
			title = st.PrintedTitle(p.tr)
		}
		if e.Note != "" {
			title += "\n" + e.Note
		}
		p.tableRow(cols, []string{p.date(e.Date), title}, head)
	}
}

// tableHead prints bold column titles over a rule.
func (p *page) tableHead(cols []float64, titles ...string) {
	p.need(40)
	x := marginX
	for i, t := range titles {
		// A title never runs into the next column's.
		p.text(x, p.y, sans, "B", 9, p.fit(sans, "B", 9, t, cols[i]-6))
		x += cols[i]
	}
	p.y += 14
	p.rule(p.y)
	p.y += 5
}

// tableRow prints one row whose cells wrap; when it does not fit, it goes to
// a new page under repeated column titles.
func (p *page) tableRow(cols []float64, cells []string, head func()) {
	const size, lead = 9.5, 12.5
	wrapped := make([][]string, len(cells))
	lines := 1
	for i, c := range cells {
		wrapped[i] = p.wrap(sans, "", size, c, cols[i]-8)
		lines = max(lines, len(wrapped[i]))
	}
	h := float64(lines)*lead + 4
	if p.y+h > bottomY {
		p.start()
		head()
	}
	x := marginX
	for i, ls := range wrapped {
		for j, l := range ls {
			if j > 0 {
				p.grey(inkGrey)
			}
			p.text(x, p.y+float64(j)*lead, sans, "", size, l)
			p.grey(0)
		}
		x += cols[i]
	}
	p.y += h
}

// codeBox prints a code to type, large, centred in a box across the page.
func (p *page) codeBox(code string, size float64) {
	p.box(marginX, p.y, contentW, 56, 0, 1.2)
	p.font(mono, "", size)
	w := 0.0
	if !p.dry {
		w = p.f.GetStringWidth(code)
	}
	p.text(marginX+(contentW-w)/2, p.y+(56-size)/2-1, mono, "", size, code)
	p.y += 64
}
