package notice

import (
	"github.com/boombuler/barcode/qr"

	"casedesk/app"
	"casedesk/app/i18n"
)

// RecoveryKey is the clinic's Recovery Key sheet: the data key that seals
// its store and its backups, as groups to type and a QR code to scan, and
// what it is for. With it, a backup opens on another computer; without it,
// a backup is unreadable anywhere but the computer that made it. It names
// no client and no account.
type RecoveryKey struct {
	Clinic string
	// Groups are the key as people type it; the last character of each
	// is its check character.
	Groups []string
	// QR is the text of the QR code (the groups, with a prefix that says
	// what they are).
	QR string
	// Fingerprint tells this key from another without revealing it: the
	// start of the key check the store keeps, printed so a sheet can be
	// matched to its clinic.
	Fingerprint string
	Issued      app.Date
}

// The Recovery Key sheet is the clinic's, in English like the desk.
func (r RecoveryKey) Title() string             { return r.title(r.lang()) }
func (r RecoveryKey) title(l *i18n.Lang) string { return l.T("CaseDesk Recovery Key") }
func (r RecoveryKey) lang() *i18n.Lang          { return english() }
func (r RecoveryKey) Date() app.Date            { return r.Issued }

func (r RecoveryKey) render(p *page) {
	p.cont = r.title(p.tr)
	p.text(marginX, p.y, sans, "B", 14, r.title(p.tr))
	p.y += 26
	p.grid(36, []field{
		{p.T("Clinic"), orDash(r.Clinic), contentW / 2},
		{p.T("Key fingerprint"), orDash(r.Fingerprint), contentW / 4},
		{p.T("Printed"), p.date(r.Issued), contentW / 4},
	})
	p.gap(10)
	p.para("", 10, p.T("This key opens the clinic's CaseDesk backups and the sealed details in its store (A-numbers, dates of birth, 2-step secrets). The computer that made them keeps the key in its keyring; this sheet is the only other copy. To restore a backup on a new or replaced computer, CaseDesk asks for this key: type the 13 groups, or give it a photo or scan of the QR code."))
	p.gap(10)

	// The groups on the left, four to a row, each numbered; the QR code on the right.
	const qrSize = 150.0
	p.need(qrSize + 10)
	top := p.y
	colW := (contentW - qrSize - 20) / 4
	for i, g := range r.Groups {
		row, col := i/4, i%4
		x, y := marginX+float64(col)*colW, top+float64(row)*38
		p.grey(inkGrey)
		p.text(x+2, y, sans, "", 8, p.T("Group %d", i+1))
		p.grey(0)
		p.text(x+2, y+11, mono, "", 17, g)
	}
	rows := (len(r.Groups) + 3) / 4
	p.qr(pageW-marginX-qrSize, top, qrSize, r.QR)
	p.y = max(top+float64(rows)*38, top+qrSize) + 8
	p.grey(inkGrey)
	p.para("", 8, p.T("The last letter or digit of each group checks the other four, so a mistyped group is named. Dashes, spaces and case do not matter; I, L and O are read as 1, 1 and 0."))
	p.grey(0)
	p.gap(10)

	p.text(marginX, p.y, sans, "B", 11, p.T("How to restore on another computer"))
	p.y += 18
	steps := []string{
		p.T("Install CaseDesk on the new computer and copy the backup file to it (backup files end in .cdbackup)."),
		p.T("Restore it: in CaseDesk's first window choose “Restore the clinic from a backup…”, or on the command line run casedesk restore FILE."),
		p.T("When CaseDesk says the backup was sealed on another computer, type the 13 groups above, or give it a photo or scan of the QR code."),
		p.T("CaseDesk checks every group, restores the store and keeps the key in the new computer's keyring."),
	}
	for i, s := range steps {
		p.item(p.T("%d.", i+1), s)
	}
	p.gap(10)
	p.need(80)
	p.text(marginX, p.y, sans, "B", 11, p.T("Keep this sheet safe"))
	p.y += 18
	p.para("B", 10, p.T("Anyone with this sheet and one of the clinic's backups can read every client's record. Lock it away, apart from the computer and never with the backups (not in the same bag, drawer or cloud folder)."))
	p.gap(4)
	p.para("", 10, p.T("Printing the sheet again prints the same key: an older sheet stays valid. If this sheet is lost, print a new one from the administrator's settings and tell whoever keeps the backups."))
}

// qr draws text as a QR code, size points square including its quiet zone,
// modules as vector squares so it prints sharp at any resolution. Error
// correction is high: a creased or stained sheet still scans.
func (p *page) qr(x, y, size float64, text string) {
	if p.dry || text == "" {
		return
	}
	code, err := qr.Encode(text, qr.H, qr.AlphaNumeric)
	if err != nil {
		code, err = qr.Encode(text, qr.H, qr.Auto)
		if err != nil {
			return
		}
	}
	n := code.Bounds().Dx()
	module := size / float64(n+8) // four modules of quiet zone each side
	p.f.SetFillColor(0, 0, 0)
	for row := 0; row < n; row++ {
		for col := 0; col < n; {
			if r, _, _, _ := code.At(col, row).RGBA(); r != 0 {
				col++
				continue
			}
			end := col
			for end < n {
				if r, _, _, _ := code.At(end, row).RGBA(); r != 0 {
					break
				}
				end++
			}
			mx, my := x+float64(col+4)*module, y+float64(row+4)*module
			w := float64(end-col) * module
			p.f.Rect(mx, my, w, module, "F")
			p.mark(Mark{Kind: MarkFill, X: mx, Y: my, W: w, H: module})
			col = end
		}
	}
}
