package main

import (
	"context"
	"errors"
	"time"

	"casedesk/app"
	"casedesk/app/auth"
	"casedesk/ui"
	"casedesk/ui/cli"

	"fyne.io/fyne/v2"
)

// loadKeys finds the data key of the clinic's store and puts it to use:
// for a store file, the install's key (auth.InstallKeys); for a database
// on a server, this seat's key for it (auth.SeatKeys). A seat without one
// is told it is a new seat (app.ErrNewSeat) when the database already has
// a key, having written nothing; the first seat of an empty database makes
// the key.
func (c *clinic) loadKeys(ctx context.Context) (*auth.Keys, string, error) {
	if !c.OnServer() {
		keys, note, err := auth.InstallKeys(ctx, systemKeyring, c.Path())
		if err == nil {
			err = c.UseKeys(ctx, keys)
		}
		return keys, note, err
	}
	_, err := c.KeyCheck(ctx)
	kept := err == nil
	if err != nil && !errors.Is(err, app.ErrNotFound) {
		return nil, "", err
	}
	var id string
	if kept {
		// Asked without making it: a new seat must write nothing.
		id, err = c.KeptStoreID(ctx)
		if errors.Is(err, app.ErrNotFound) {
			return nil, "", app.ErrNewSeat
		}
	} else {
		id, err = c.StoreID(ctx)
	}
	if err != nil {
		return nil, "", err
	}
	keys, note, err := auth.SeatKeys(ctx, systemKeyring, id, kept)
	if err != nil {
		return nil, "", err
	}
	err = c.UseKeys(ctx, keys)
	switch {
	case err == nil:
		return keys, note, nil
	case keys.Created && (errors.Is(err, app.ErrWrongKey) || errors.Is(err, app.ErrAlreadyExists)):
		// Another seat made the database's key at the same moment: this
		// one is a new seat after all, and its key is replaced when it is
		// enrolled.
		return nil, "", app.ErrNewSeat
	case errors.Is(err, app.ErrWrongKey):
		return nil, "", auth.SeatWrongKey(c.Path())
	}
	return nil, "", err
}

// EnrolSeat makes this computer a seat of the clinic's database with the
// typed recovery key, and opens the store with it (see cli.SeatEnroller).
func (c command) EnrolSeat(ctx context.Context, typed, actor string) (cli.SeatEnrolled, error) {
	if !c.OnServer() {
		return cli.SeatEnrolled{}, cli.ErrNotOnServer
	}
	if err := c.enrolSeat(ctx, typed, actor); err != nil {
		return cli.SeatEnrolled{}, err
	}
	return cli.SeatEnrolled{InKeyring: c.keys.Source == auth.FromKeyring, File: c.keys.File}, nil
}

// enrolSeat checks the typed recovery key against the clinic's database,
// keeps it as this seat's key (auth.EnrolSeat) and puts it to use.
func (c *clinic) enrolSeat(ctx context.Context, typed, actor string) error {
	keys, err := auth.EnrolSeat(ctx, c.Store, systemKeyring, typed, actor, time.Now())
	if err != nil {
		return err
	}
	if err := c.UseKeys(ctx, keys); err != nil {
		return err
	}
	c.keys, c.note = keys, ""
	return nil
}

// enrolInWindow answers err from OpenKeys in the window: when it says this
// computer is a new seat of the clinic's database, or holds another key
// for it, a small window asks for the recovery key (ui.EnrolSeat). It
// returns nil once the seat is enrolled and its key in use, else err.
func (c *clinic) enrolInWindow(ctx context.Context, a fyne.App, err error) error {
	if !c.OnServer() || !(errors.Is(err, app.ErrNewSeat) || errors.Is(err, app.ErrWrongKey)) {
		return err
	}
	enrolled := ui.EnrolSeat(ctx, a, c.Path(), err, func(ctx context.Context, typed string) error {
		return c.enrolSeat(ctx, typed, windowActor())
	})
	if !enrolled {
		return err
	}
	return nil
}
