package notice

import "casedesk/app"

// PacketNote is what an Account Access Notice says of the case packet its
// code opens: which clinic made it, its file's name and the day it was made.
type PacketNote struct {
	Clinic string
	File   string
	Made   app.Date
}

// renderPacket is the Account Access Notice of a case packet: the code
// that opens it, and in plain words how to take the cases home. The code
// never expires (it opens one file, which the person holds) and is kept
// nowhere else, so the notice says so instead of a last day.
func (a AccessNotice) renderPacket(p *page) {
	k := a.Packet
	p.cont = a.title(p.tr)
	p.address(orDefault(a.Address, a.Name))
	p.side("", a.title(p.tr), p.T("Notice date"), a.Issued)

	p.y = 248
	p.grid(32, []field{
		{p.T("Name"), a.Name, contentW / 2},
		{p.T("Clinic"), orDash(k.Clinic), contentW / 2},
	})
	p.gap(6)
	p.text(marginX, p.y, sans, "B", 11, p.T("Your access code for this case packet"))
	p.y += 18
	p.codeBox(a.Code.String(), 30)
	p.para("B", 10, p.T("This code opens only the case packet file %s, made on %s. It is printed only on this notice: the clinic does not keep it, and each new packet comes with a new code.",
		orDash(k.File), p.date(k.Made)))
	p.gap(6)
	p.text(marginX, p.y, sans, "B", 11, p.T("How to take your cases home"))
	p.y += 18
	steps := []string{
		p.T("Copy the case packet file to your own computer, from the USB stick or the e-mail the clinic gave you."),
		p.T("Install CaseDesk on that computer and open it."),
		p.T("Choose “This is my own computer”, then “I have an access code and a case packet from my clinic”."),
		p.T("Pick the case packet file, then type the access code exactly as printed above. Dashes and spaces do not matter, and the letters I, L and O are read as 1, 1 and 0."),
		p.T("Confirm who you are, choose a username and a password, and turn on 2-step verification. Your cases then appear."),
	}
	for i, s := range steps {
		p.item(p.T("%d.", i+1), s)
	}
	p.gap(6)
	p.para("", 10, p.T("When the clinic gives you a newer packet, sign in to CaseDesk and open it the same way, with the code on its own notice: your cases are brought up to date. Only a newer packet from the same clinic, for you, is accepted."))
	p.gap(6)
	p.need(60)
	p.text(marginX, p.y, sans, "B", 11, p.T("Keep your code safe"))
	p.y += 18
	p.para("", 10, p.T("The clinic will never ask for this code by phone, text message or e-mail, and codes are always free. If anyone asks you for it or wants money for it, do not give it; tell the clinic.")+
		" "+p.T("Anyone with the packet file and this code can read your cases: keep them apart, and shred this notice once your cases are on your computer."))
}

// packetRecord is the record of a case packet's Account Access Notice, as
// the clinic's store keeps it: which packet file was given, and when; the
// code was never kept, so it is not shown.
func (s stored) packetRecord(p *page) {
	p.side(p.T("Record copy of a CaseDesk notice"), kindTitle(p.tr, s.n.Kind), p.T("Notice date"), s.n.NoticeDate)
	p.y = 248
	p.grid(32,
		[]field{
			{p.T("Name"), orDash(s.field("name")), contentW / 2},
			{p.T("Packet made on"), p.date(s.n.NoticeDate), contentW / 2},
		},
		[]field{
			{p.T("Case packet file"), orDash(s.field("packet")), contentW * 2 / 3},
			{p.T("Page"), p.T("%d of %d", p.n, p.total), contentW / 3},
		})
	p.gap(18)
	p.para("", 10, p.T("This is the record of the Account Access Notice given with a case packet. For safety CaseDesk never keeps the access code itself, so it is not shown here. If the notice was lost, the packet cannot be opened: ask the clinic for a new packet, which comes with a new code."))
}
