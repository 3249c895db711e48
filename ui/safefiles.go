package ui

import (
	"io/fs"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage/repository"

	"casedesk/app/files"
)

// fileRepo is what Fyne's repository of local files offers.
type fileRepo interface {
	repository.AppendableRepository
	repository.ListableRepository
	repository.HierarchicalRepository
	repository.DeleteAllRepository
	repository.CopyableRepository
	repository.MovableRepository
}

// guardedFiles is the local files as Fyne's dialogs reach them, except
// that none of CaseDesk's own files (a store, its log, a sealed backup, a
// data key) is ever opened for writing or written over: a save dialog
// empties the file a person names before the screen that asked gets it,
// and naming the clinic's store there by mistake would end its records.
type guardedFiles struct{ fileRepo }

// guardFiles puts guardedFiles in place of the file repository; after the
// app is made, which registers it.
func guardFiles() {
	base, err := repository.ForScheme("file")
	if err != nil {
		return
	}
	if _, done := base.(guardedFiles); done {
		return
	}
	if r, ok := base.(fileRepo); ok {
		repository.Register("file", guardedFiles{r})
	}
}

// Reader never opens the store the window has open, nor its log: a file
// dialog reads each file it lists whose kind its name does not tell (a
// .db, a .db-wal) to choose its icon, and closing that file would drop the
// locks SQLite holds on it for the window (see files.Held). The dialog
// then shows a plain file icon.
func (g guardedFiles) Reader(u fyne.URI) (fyne.URIReadCloser, error) {
	if files.Held(u.Path()) {
		return nil, &fs.PathError{Op: "open", Path: u.Path(), Err: files.ErrInUse}
	}
	return g.fileRepo.Reader(u)
}

func (g guardedFiles) Writer(u fyne.URI) (fyne.URIWriteCloser, error) {
	if err := files.CheckReplace(u.Path()); err != nil {
		return nil, err
	}
	return g.fileRepo.Writer(u)
}

func (g guardedFiles) Appender(u fyne.URI) (fyne.URIWriteCloser, error) {
	if err := files.CheckReplace(u.Path()); err != nil {
		return nil, err
	}
	return g.fileRepo.Appender(u)
}

func (g guardedFiles) Copy(from, to fyne.URI) error {
	if files.Held(from.Path()) {
		return &fs.PathError{Op: "copy", Path: from.Path(), Err: files.ErrInUse}
	}
	if err := files.CheckReplace(to.Path()); err != nil {
		return err
	}
	return g.fileRepo.Copy(from, to)
}

func (g guardedFiles) Move(from, to fyne.URI) error {
	if files.Held(from.Path()) {
		return &fs.PathError{Op: "move", Path: from.Path(), Err: files.ErrInUse}
	}
	if err := files.CheckReplace(to.Path()); err != nil {
		return err
	}
	return g.fileRepo.Move(from, to)
}
