// Command casedesk is CaseDesk: the window by default, or a command-line verb
// (demo, backup, restore) for clinics that script their work.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	_ "time/tzdata" // the clinic's time zone works where the system has no zone database (Windows)

	"casedesk/app"
	"casedesk/app/i18n"
	"casedesk/assets"
	"casedesk/data"
	"casedesk/ui"

	fyneapp "fyne.io/fyne/v2/app"
)

const appID = "org.casedesk.desktop"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run dispatches to a verb, or opens the window when there is none. Every
// way in starts here, so the files it makes are private from the start.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	privateFiles()
	if err := i18n.Load(assets.Translations, os.Getenv("CASEDESK_LANG")); err != nil {
		fmt.Fprintln(stderr, err)
	}
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		verb, ok := verbs[args[0]]
		if !ok {
			fmt.Fprintf(stderr, "casedesk: unknown command %q\n\n", args[0])
			usage(stderr)
			return 2
		}
		return verb.run(ctx, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("casedesk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", defaultStore(), "the store file")
	fs.Usage = func() { usage(stderr) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	return window(ctx, *db)
}

// window shows CaseDesk and opens the store behind it. A store that cannot
// be opened is explained in the window, not just on stderr.
func window(ctx context.Context, path string) int {
	a := fyneapp.NewWithID(appID)
	ok := ui.Run(ctx, a, path, func(ctx context.Context) (ui.Services, func(), error) {
		store, err := data.Open(ctx, path)
		if err != nil {
			fmt.Fprintln(os.Stderr, app.StoreMessage(path, err))
			return ui.Services{}, nil, err
		}
		keys, note, err := windowKeys(ctx, path)
		if err == nil {
			err = store.UseKeys(ctx, keys)
		}
		if err != nil {
			store.Close()
			fmt.Fprintln(os.Stderr, "casedesk:", app.StoreMessage(path, err))
			return ui.Services{}, nil, err
		}
		svc := services(store, keys)
		svc.KeyNote = note
		return svc, func() { store.Close() }, nil
	})
	if !ok {
		return 1
	}
	return 0
}

// defaultStore is the store in the user's config directory.
func defaultStore() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		dir = "."
	}
	return filepath.Join(dir, "CaseDesk", "casedesk.db")
}
