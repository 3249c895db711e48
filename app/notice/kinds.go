package notice

import (
	"strings"
	"time"

	"casedesk/app"
	"casedesk/app/i18n"
)

// stored is the record copy of a stored notice. tr is nil until its
// recipient's language is known (the Service looks it up).
type stored struct {
	n  app.Notice
	tr *i18n.Lang
}

func (s stored) field(k string) string { return strings.TrimSpace(s.n.Fields[k]) }

// KindTitle names a kind of notice the way its heading does, in the current
// language: for screens that list notices.
func KindTitle(k app.NoticeKind) string { return kindTitle(i18n.Current(), k) }

func kindTitle(l *i18n.Lang, k app.NoticeKind) string {
	switch k {
	case app.NoticeReceipt:
		return l.T("Receipt Notice")
	case app.NoticeAppointment:
		return l.T("Appointment Notice")
	case app.NoticeRFE:
		return l.T("Request for Evidence")
	case app.NoticeApproval:
		return l.T("Approval Notice")
	case app.NoticeDenial:
		return l.T("Decision Notice")
	case app.NoticeTransfer:
		return l.T("Transfer Notice")
	case app.NoticeCard:
		return l.T("Card Mailed Notice")
	case app.NoticeRejection:
		return l.T("Rejection Notice")
	case app.NoticeAccountAccess:
		return l.T("Account Access Notice")
	}
	return l.T("Notice")
}

// Title is in the notice's language, or the current one while the
// notice's is not yet known.
func (s stored) Title() string {
	if s.tr == nil {
		return s.title(i18n.Current())
	}
	return s.title(s.tr)
}

func (s stored) title(l *i18n.Lang) string {
	if r := s.field("receipt_number"); r != "" {
		return kindTitle(l, s.n.Kind) + " " + r
	}
	return kindTitle(l, s.n.Kind)
}

func (s stored) lang() *i18n.Lang {
	if s.tr == nil {
		return english()
	}
	return s.tr
}

func (s stored) Date() app.Date { return s.n.NoticeDate }

// date reads a stored ISO date field for printing.
func (s stored) date(p *page, k string) string {
	d, err := app.ParseISODate(s.field(k))
	if err != nil {
		return "—"
	}
	return p.date(d)
}

// status is the case status a notice reports. USCIS's titles are English
// and a reader may need the exact words (to match the USCIS website, or
// to tell a lawyer), so a notice in another language prints its own title
// with the official one beside it: "Se Aprobó el Caso (Case Was Approved)".
func (s stored) status(p *page) string {
	title := s.field("notice_type")
	if st, ok := app.StatusByTitle(title); ok {
		return st.PrintedTitle(p.tr)
	}
	return title
}

func (s stored) render(p *page) {
	p.cont = s.title(p.tr)
	p.address(s.addressBlock())
	receipt := s.field("receipt_number")
	if s.n.Kind == app.NoticeAccountAccess {
		s.accessRecord(p)
		return
	}

	p.side(p.T("Record copy of a USCIS notice"), kindTitle(p.tr, s.n.Kind), p.T("Notice date"), s.n.NoticeDate)

	p.y = 248
	half := contentW / 2
	quarter := contentW / 4
	caseType := s.field("form_type")
	if t := s.field("form_title"); t != "" {
		caseType += " – " + t
	}
	top := p.y
	p.grid(54,
		[]field{{p.T("Receipt number"), receipt, half}, {p.T("Case type"), caseType, half}})
	if receipt != "" {
		p.barcode(marginX+5, top+31, 18, contentW/2-10, receipt)
	}
	p.grid(32,
		[]field{
			{p.T("Received date"), s.date(p, "received_date"), quarter},
			{p.T("Priority date"), s.date(p, "priority_date"), quarter},
			{p.T("Notice date"), p.date(s.n.NoticeDate), quarter},
			{p.T("Page"), p.T("%d of %d", p.n, p.total), quarter},
		},
		[]field{
			{p.T("Applicant / petitioner"), s.field("name"), half},
			{p.T("Beneficiary"), orDash(s.field("beneficiary")), half},
		})
	p.gap(18)
	if st := s.status(p); st != "" {
		p.para("B", 11, p.T("Case status: %s", st))
		p.y += 5
	}
	s.body(p)
	s.closing(p)
}

// accessRecord is the record of an Account Access Notice: CaseDesk's own
// notice, about an online account rather than a case, so it has the
// account's boxes where a USCIS notice has the case's.
func (s stored) accessRecord(p *page) {
	if s.field("packet") != "" {
		s.packetRecord(p) // account_packet.go
		return
	}
	p.side(p.T("Record copy of a CaseDesk notice"), kindTitle(p.tr, s.n.Kind), p.T("Notice date"), s.n.NoticeDate)
	p.y = 248
	third := contentW / 3
	number := orDash(s.field("account_number"))
	if n := app.AccountNumber(s.field("account_number")); len(n) == 12 {
		number = n.String()
	}
	p.grid(32,
		[]field{
			{p.T("Online account number"), number, third},
			{p.T("Code issued"), p.date(s.n.NoticeDate), third},
			{p.T("Code valid through"), s.date(p, "expires"), third},
		},
		[]field{
			{p.T("Account holder"), orDash(s.field("name")), third * 2},
			{p.T("Page"), p.T("%d of %d", p.n, p.total), third},
		})
	p.gap(18)
	s.body(p)
	s.closing(p)
}

func (s stored) addressBlock() string {
	if a := s.field("address"); a != "" {
		return a
	}
	return s.field("name")
}

// body is what the notice says, by kind, in plain words.
func (s stored) body(p *page) {
	form := s.field("form_type")
	if form == "" {
		form = p.T("form") // "your form"
	}
	switch s.n.Kind {
	case app.NoticeReceipt:
		p.para("", 10, p.T("USCIS received your %s on %s. This receipt notice shows that the case is in their system; it is not a decision.", form, s.date(p, "received_date")))
		p.gap(6)
		p.para("", 10, p.T("Keep this notice. Use the receipt number above to follow the case in CaseDesk or to ask the clinic about it. USCIS will send another notice if they need something from you, such as fingerprints, an interview or more evidence."))
	case app.NoticeAppointment:
		s.appointment(p)
	case app.NoticeRFE:
		p.para("", 10, p.T("USCIS needs more evidence before they can decide your %s. The letter they sent lists what to send.", form))
		p.gap(8)
		p.need(44)
		p.box(marginX, p.y, contentW, 38, 0, 1)
		// The deadline is one line in its box; a longer one (Spanish, a
		// long month) is set smaller rather than cut short.
		due, size := p.T("Your response must reach USCIS by %s", p.date(s.n.DueDate)), 12.0
		for size > 9 && p.width(sans, "B", size, due) > contentW-20 {
			size -= 0.5
		}
		p.text(marginX+10, p.y+7+(12-size)/2, sans, "B", size, due)
		p.text(marginX+10, p.y+23, sans, "", 9, p.T("If nothing arrives by then, USCIS may decide the case on the evidence it has, or deny it."))
		p.y += 50
		p.para("", 10, p.T("Put a copy of the USCIS request on top of your response and send everything in one package. Bring the request to the clinic if you would like help; do not wait until the last week."))
	case app.NoticeApproval:
		p.para("", 10, p.T("USCIS approved your %s. If the approval comes with a card or document, it is mailed separately to the address USCIS has for you.", form))
		p.gap(6)
		p.para("", 10, p.T("Keep this notice with your important papers. Check that every name and date on the original is correct, and tell the clinic at once if something is wrong."))
	case app.NoticeDenial:
		p.para("", 10, p.T("USCIS denied your %s. The decision USCIS sent explains why, and whether you may appeal or ask USCIS to reopen or reconsider the case.", form))
		p.gap(6)
		p.para("B", 10, p.T("Deadlines for an appeal or a motion are short, often 30 days. Bring the decision to the clinic as soon as you can."))
	case app.NoticeTransfer:
		p.para("", 10, p.T("USCIS moved your %s to another office to balance the workload or to make the next step faster. You do not need to do anything; the receipt number stays the same.", form))
		if o := s.field("office"); o != "" {
			p.gap(6)
			p.para("", 10, p.T("Office now handling the case: %s", o))
		}
	case app.NoticeCard:
		p.para("", 10, p.T("USCIS mailed your card to the address they have for you. It travels by U.S. Postal Service; allow a couple of weeks before asking about it."))
		p.gap(6)
		p.para("", 10, p.T("If you moved, or the card does not arrive within 30 days, contact the clinic so they can help you ask USCIS about it."))
	case app.NoticeRejection:
		p.para("", 10, p.T("USCIS rejected your %s and did not open a case: something required was missing, such as the fee, a signature or a page. A rejection is not a denial; the form can be corrected and filed again.", form))
		p.gap(6)
		p.para("", 10, p.T("Bring the rejection notice and everything USCIS returned to the clinic."))
	case app.NoticeAccountAccess:
		p.para("", 10, p.T("This is the record of an Account Access Notice. For safety CaseDesk never keeps the access code itself, so it is not shown here. If the code was lost or has expired, ask the clinic for a new one; the old code then stops working."))
	default:
		p.para("", 10, p.T("This is the record copy of a notice about the case above."))
	}
}

func (s stored) appointment(p *page) {
	kind := app.AppointmentKind(s.field("appointment_kind"))
	what := p.T("an appointment")
	bring := app.WhatToBringIn(p.tr, kind)
	switch kind {
	case app.AppointmentBiometrics:
		what = p.T("a biometrics appointment (fingerprints, photo and signature)")
	case app.AppointmentInterview:
		what = p.T("an interview")
	case app.AppointmentOath:
		what = p.T("an oath ceremony")
	}
	p.para("", 10, p.T("USCIS scheduled %s for your %s. Go on the date and at the time below; arriving late can mean the appointment is lost.", what, orDefault(s.field("form_type"), p.T("case"))))
	p.gap(8)
	when := "—"
	if t, err := time.Parse(time.RFC3339, s.field("appointment_at")); err == nil {
		// The clock time at the place, as on the screen and in the calendar file.
		when = p.when(app.Appointment{StartsAt: t, TimeZone: s.field("appointment_zone")})
	}
	place := strings.ReplaceAll(orDash(s.field("appointment_place")), "\n", ", ")
	p.grid(32, []field{{p.T("Date and time"), when, contentW * 2 / 5}, {p.T("Place"), place, contentW * 3 / 5}})
	p.gap(12)
	p.text(marginX, p.y, sans, "B", 10, p.T("Bring with you"))
	p.y += 16
	for _, b := range bring {
		p.item("•", b)
	}
	p.gap(6)
	p.para("", 10, p.T("To reschedule, ask before the appointment date and give a good reason; the clinic can help."))
}

// closing prints the office and, on I-797-style notices, the statement that
// the notice grants nothing.
func (s stored) closing(p *page) {
	p.gap(16)
	if o := s.field("office"); o != "" {
		p.need(30)
		p.grey(inkGrey)
		p.text(marginX, p.y, sans, "", 8, p.T("Office"))
		p.grey(0)
		p.text(marginX, p.y+10, sans, "", 10, o)
		p.y += 30
	}
	if s.n.Kind != app.NoticeAccountAccess {
		p.need(20)
		p.text(marginX, p.y, sans, "B", 10, p.T("THIS NOTICE DOES NOT GRANT ANY IMMIGRATION STATUS OR BENEFIT."))
		p.y += 18
	}
}

func orDash(s string) string { return orDefault(s, "—") }

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
