package ui

import (
	"path/filepath"

	"casedesk/app/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// replaceQuestion asks what to do when the PDF's name is taken in the
// folder: replace that file, keep both (the new PDF under the next free
// name), or save nothing. Its buttons are fields so tests can answer it.
type replaceQuestion struct {
	d                         *dialog.CustomDialog
	text                      *widget.Label
	replace, keepBoth, cancel *widget.Button
}

// askReplace shows the question about path; free is where keeping both
// saves the new PDF. Each answer closes it and does what it says.
func (n *Notices) askReplace(path, free string, replace, keepBoth func()) {
	q := &replaceQuestion{text: widget.NewLabel(i18n.T("“%s” is already in %s. Replace it with the new PDF, or keep both and save the new one as “%s”?",
		filepath.Base(path), filepath.Dir(path), filepath.Base(free)))}
	q.text.Wrapping = fyne.TextWrapWord
	q.d = dialog.NewCustomWithoutButtons(i18n.T("Replace the PDF?"), q.text, n.win)
	answer := func(do func()) func() {
		return func() {
			q.d.Hide()
			if do != nil {
				do()
			}
		}
	}
	q.cancel = widget.NewButtonWithIcon(i18n.T("Cancel"), theme.CancelIcon(), answer(nil))
	q.keepBoth = widget.NewButtonWithIcon(i18n.T("Keep both"), theme.ContentCopyIcon(), answer(keepBoth))
	q.keepBoth.Importance = widget.HighImportance
	q.replace = widget.NewButtonWithIcon(i18n.T("Replace"), theme.DocumentSaveIcon(), answer(replace))
	q.replace.Importance = widget.DangerImportance
	q.d.SetButtons([]fyne.CanvasObject{q.cancel, q.keepBoth, q.replace})
	q.d.SetOnClosed(func() {
		if n.asked == q {
			n.asked = nil
		}
	})
	q.d.Resize(fyne.NewSize(520, 0))
	n.asked = q
	q.d.Show()
}
