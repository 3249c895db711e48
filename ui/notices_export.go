package ui

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/app/notice"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Starting an action clears every outcome: what is on the screen is about
// what the person does now.
func (n *Notices) exportDay(print bool) {
	if n.working.Visible() {
		return // one export at a time; Enter in a field must not start a second
	}
	n.clearOutcomes()
	d, err := app.ParseDate(n.date.Text)
	if err != nil {
		n.showDay(notice.Day{}, err)
		return
	}
	n.export(notice.Selection{Date: d}, print, n.dayOut)
}

func (n *Notices) exportCase(print bool) {
	if n.working.Visible() {
		return
	}
	n.clearOutcomes()
	r, err := app.ParseReceipt(n.receipt.Text)
	if err != nil {
		n.caseOut.show(errText(err), true, "")
		return
	}
	n.export(notice.Selection{Receipt: r, History: n.history.Checked}, print, n.caseOut)
}

func (n *Notices) clearOutcomes() {
	n.dayOut.clear()
	n.caseOut.clear()
}

// exportJob is an export the person asked for: what, into which file, and
// whether to print it; out is where the screen says how it went.
type exportJob struct {
	sel     notice.Selection
	path    string
	print   bool
	printer string
	out     *outcome
}

// export writes the selection into one PDF in the folder, in the
// background, then prints it if asked; out is where it says how it went.
func (n *Notices) export(sel notice.Selection, print bool, out *outcome) {
	n.write(exportJob{sel: sel, path: filepath.Join(n.folder, sel.FileName()), print: print, printer: n.printers.Selected, out: out}, false)
}

// write runs job in the background. A file of that name is replaced only
// when replace is set: otherwise the person is asked first.
func (n *Notices) write(job exportJob, replace bool) {
	sel, path, out := job.sel, job.path, job.out
	// Its own context: Cancel stops the export, whose outcome is still shown.
	ctx, cancel := context.WithCancel(context.Background())
	n.stop = cancel
	n.setWorking(true)
	n.progress.SetValue(0)
	n.progressText.SetText(i18n.T("Preparing %s…", sel.Describe()))
	n.run(func(context.Context) func() {
		defer cancel()
		export := n.svc.Notices.ExportNew
		if replace {
			export = n.svc.Notices.Export
		}
		count, err := export(ctx, sel, path, n.showProgress(ctx))
		if errors.Is(err, fs.ErrExist) {
			both := job
			both.path = notice.NextFree(path)
			return func() {
				n.setWorking(false)
				n.askReplace(path, both.path, func() { n.write(job, true) }, func() { n.write(both, false) })
			}
		}
		if err != nil {
			return func() {
				n.setWorking(false)
				out.show(notice.ExportMessage(sel, err), !errors.Is(err, context.Canceled), "")
			}
		}
		saved := i18n.T("Saved %s in %s.", documents(count), path)
		if !job.print {
			return func() {
				n.setWorking(false)
				out.show(saved, false, path)
			}
		}
		if ctx.Err() != nil {
			// Cancel came once the PDF was in place: it stays, unprinted.
			return func() {
				n.setWorking(false)
				out.show(saved+" "+i18n.T("Printing was cancelled."), false, path)
			}
		}
		printer := job.printer
		fyne.Do(func() { n.progressText.SetText(i18n.T("Sending to %s…", printer)) })
		jobID, err := n.svc.Printing.Print(ctx, path, printer)
		var recordErr error
		if err == nil && n.printed != nil {
			recordErr = n.printed(context.WithoutCancel(ctx), sel)
		}
		return func() {
			n.setWorking(false)
			if err != nil {
				out.show(err.Error(), true, path)
				return
			}
			msg := i18n.T("Sent %s to %s.", documents(count), printer)
			if jobID != "" {
				msg = i18n.T("Sent %s to %s (job %s).", documents(count), printer, jobID)
			}
			if recordErr != nil {
				msg += " " + i18n.T("CaseDesk could not record the printing: %v", recordErr)
			}
			out.show(msg+" "+i18n.T("The PDF is also saved in %s.", path), false, path)
		}
	})
}

// showProgress shows an export's progress: about a hundred steps, however
// long the batch, and none once Cancel is pressed, so "Cancelling…" stays
// until the export has stopped.
func (n *Notices) showProgress(ctx context.Context) notice.Progress {
	step := 1
	return func(done, total int) {
		if total > 100 {
			step = total / 100
		}
		if done%step != 0 && done != total {
			return
		}
		fyne.Do(func() {
			if ctx.Err() != nil {
				return
			}
			n.progress.SetValue(float64(done) / float64(total))
			n.progressText.SetText(i18n.N(total, "%d of %d document", "%d of %d documents", done, total))
			if n.afterStep != nil {
				n.afterStep(done, total)
			}
		})
	}
}

// run does load in the background, then applies what it returned.
func (n *Notices) run(load func(ctx context.Context) (apply func())) {
	n.svc.Runner.run(context.Background(), load)
}

func documents(n int) string { return i18n.N(n, "%s document", "%s documents", count(n)) }

func (n *Notices) cancelExport() {
	if n.stop != nil {
		n.stop()
	}
	n.cancel.Disable()
	n.progressText.SetText(i18n.T("Cancelling…"))
}

// setWorking shows the progress row and keeps a second export from starting.
func (n *Notices) setWorking(on bool) {
	buttons := []*widget.Button{n.saveCase, n.printCase, n.saveDay, n.printDay}
	// Hiding or showing a container does not lay out its parent again.
	defer n.frame.Refresh()
	if on {
		n.working.Show()
		n.cancel.Enable()
		for _, b := range buttons {
			b.Disable()
		}
		return
	}
	n.working.Hide()
	n.saveCase.Enable()
	if n.day.Count > 0 {
		n.saveDay.Enable()
	}
	n.updatePrintButtons()
}

// openPDF shows the PDF an outcome is about in the system's viewer; when
// none can be started, the outcome says so.
func (n *Notices) openPDF(out *outcome) {
	file := out.file
	n.run(func(ctx context.Context) func() {
		if err := n.svc.Printing.Open(ctx, file); err != nil {
			return func() {
				if out.file == file { // not replaced meanwhile
					out.show(err.Error(), true, file) // printing says why, and where the PDF is
				}
			}
		}
		return nil
	})
}
