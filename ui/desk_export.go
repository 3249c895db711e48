package ui

import (
	"context"
	"os"
	"path/filepath"

	"casedesk/app/desk"
	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// saveAs asks where to save a file named name, in the PDF folder at
// first, then calls then with the path chosen. The save dialog has asked
// before a file there is replaced, so then may replace it. A variable so
// that tests choose the path.
var saveAs = func(d *Desk, name string, then func(path string)) {
	if d.win == nil {
		return
	}
	dlg := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil || wc == nil {
			return
		}
		// The dialog made the file empty: it is replaced whole, or removed
		// if saving fails (see dropEmpty).
		path := wc.URI().Path()
		wc.Close()
		then(path)
	}, d.win)
	dlg.SetFileName(name)
	if folder := d.svc.PDFFolder; folder != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(folder)); err == nil {
			dlg.SetLocation(l)
		}
	}
	d.show(dlg)
}

// dropEmpty removes the empty file the save dialog made at path, after a
// save that failed.
func dropEmpty(path string) {
	if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
		os.Remove(path)
	}
}

// exporter is one of the desk's CSV exports.
type exporter func(*desk.Desk, context.Context, string, bool) (int, error)

// exportButton asks where to save a CSV export named name, writes it in
// the background and says at the foot of the screen how many rows it
// holds. The desk refuses anyone but an administrator; the screens show
// the button to administrators only.
func (d *Desk) exportButton(label, name string, export exporter) *widget.Button {
	return widget.NewButtonWithIcon(label, theme.DocumentSaveIcon(), func() {
		d.touch()
		saveAs(d, name, func(path string) {
			d.run(func(ctx context.Context) func() {
				n, err := export(d.desk, ctx, path, true)
				if err != nil {
					dropEmpty(path)
				}
				return func() {
					if err != nil {
						d.fail(err)
						return
					}
					rows := i18n.T("%d rows", n)
					if n == 1 {
						rows = i18n.T("1 row")
					}
					d.tellDone(i18n.T("Saved %s in %s. It holds clients' personal details: keep it private.", rows, path))
				}
			})
		})
	})
}

// exportCard is the settings tab's card of the clients' and cases' exports.
func (d *Desk) exportCard() fyne.CanvasObject {
	clients := d.exportButton(i18n.T("Export clients…"), "clients.csv", (*desk.Desk).ExportClients)
	cases := d.exportButton(i18n.T("Export cases…"), "cases.csv", (*desk.Desk).ExportCases)
	return widget.NewCard("", "", container.NewVBox(bold(i18n.T("Export")),
		hint(i18n.T("Every client, or every case with its applicant, as a CSV file that spreadsheet programs open with accents intact. Cells that a spreadsheet could run as a formula start with a '. Each export is written in the audit log.")),
		container.NewHBox(clients, cases)))
}

// auditExport is the audit tab's Export CSV… button, shown to
// administrators once the tab knows who is signed in.
func (d *Desk) auditExport() *widget.Button {
	b := d.exportButton(i18n.T("Export CSV…"), "audit-log.csv", (*desk.Desk).ExportAudit)
	b.Hide()
	return b
}

// reportFileName is a report's file name: report-2026-01-01-to-2026-12-31.pdf.
func reportFileName(r desk.Report, ext string) string {
	return filepath.Clean("report-" + r.Period.From.ISO() + "-to-" + r.Period.Last().ISO() + ext)
}
