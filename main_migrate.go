package main

import (
	"context"
	"errors"

	"casedesk/app/auth"
	"casedesk/data"
	"casedesk/ui/cli"
)

// Migrate moves the clinic from the store file from to the empty database
// on the server to (data.Migrate), then keeps this computer's data key as
// its seat key for the server: the key is the same, so this computer is
// the clinic's first seat (see cli.Migrator).
func (stores) Migrate(ctx context.Context, from, to, actor string, progress func(table string, rows int64)) (cli.Migrated, error) {
	if data.IsServer(from) || !data.IsServer(to) {
		return cli.Migrated{}, errors.New("migrate moves a store file (--from) to a database on a server (--to postgres://…)")
	}
	// The file's key, never made here: a store this computer cannot open
	// is not moved where no seat could open it.
	keys, err := auth.PeekKeys(ctx, systemKeyring, from)
	if err != nil {
		return cli.Migrated{}, err
	}
	opt := data.MigrateOptions{Actor: actor, Progress: progress, ServerPassword: serverPassword(ctx, to)}
	if keys != nil {
		opt.KeyCheck = keys.KeyCheck()
	}
	res, err := data.Migrate(ctx, from, to, opt)
	if err != nil {
		return cli.Migrated{}, err
	}
	out := cli.Migrated{Server: data.Redact(to), Took: res.Took}
	for _, t := range res.Tables {
		out.Tables = append(out.Tables, cli.MigratedTable{Table: t.Table, Rows: t.Rows, Checksum: t.Checksum})
	}
	if keys == nil {
		out.SeatKeyErr = errors.New("this computer holds no data key for the store file")
		return out, nil
	}
	out.SeatKey, out.SeatKeyErr = keepSeatKey(ctx, to, keys)
	return out, nil
}

// keepSeatKey keeps keys as this computer's key for the store on the
// server at to, and checks that the store takes it; it says where it is kept.
func keepSeatKey(ctx context.Context, to string, keys *auth.Keys) (string, error) {
	s, err := data.Open(ctx, to)
	if err != nil {
		return "", err
	}
	defer s.Close()
	id, err := s.StoreID(ctx)
	if err != nil {
		return "", err
	}
	saved, err := auth.SaveSeatKeys(ctx, systemKeyring, id, keys)
	if err != nil {
		return "", err
	}
	if err := s.UseKeys(ctx, saved); err != nil {
		return "", err
	}
	if saved.Source == auth.FromFile {
		return "the file " + saved.File + ", readable only by you", nil
	}
	return "its keyring", nil
}
