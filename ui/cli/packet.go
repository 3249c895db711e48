package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"casedesk/app"
	"casedesk/app/desk"
	"casedesk/app/packet"
)

const packetUsage = `Usage:
  casedesk packet (--person ID | --receipt R) --out FILE.cdpacket [--notice NOTICE.pdf] [--print] [--printer P]

packet writes the client's case packet to FILE: their cases with each case's
status history, their notices and appointments, sealed under a fresh access
code and signed with the clinic's key, for a USB stick or an e-mail. The
client takes it home and opens it in CaseDesk on their own computer. The
code is printed only on the Account Access Notice written beside it
(default access-notice-packet-<date>.pdf in FILE's folder): CaseDesk does
not keep it, so the notice is the one place it exists. Each packet has its
own code. With --receipt, the client is the case's applicant.
`

// packetCommand is "packet": a client's case packet and its notice.
func packetCommand(ctx context.Context, env Env, args []string) error {
	var personID, receipt, out, noticeOut, printer string
	var print bool
	c, err := flags(env, "packet", packetUsage, args, func(fs *flag.FlagSet) {
		fs.StringVar(&personID, "person", "", "the client's id")
		fs.StringVar(&receipt, "receipt", "", "a receipt number of one of the client's cases (its applicant)")
		fs.StringVar(&out, "out", "", "the case packet file to write (ending in "+packet.Ext+")")
		fs.StringVar(&noticeOut, "notice", "", "the Account Access Notice PDF (default access-notice-packet-<date>.pdf beside the packet)")
		fs.BoolVar(&print, "print", false, "print the notice once it is written")
		fs.StringVar(&printer, "printer", "", "--print: the printer (default: the system default)")
	})
	if err != nil {
		return err
	}
	if len(c.words) != 0 {
		return usage(fmt.Sprintf("casedesk packet: unexpected %q\n\n%s", c.words[0], packetUsage))
	}
	if (personID == "") == (receipt == "") {
		return usage("casedesk packet: name the client with --person or --receipt (one of them)\n\n" + packetUsage)
	}
	if strings.TrimSpace(out) == "" {
		return usage("casedesk packet: say where to write the packet with --out FILE" + packet.Ext + "\n\n" + packetUsage)
	}
	if !strings.HasSuffix(strings.ToLower(out), packet.Ext) {
		return failed("packet", "the packet file's name must end in %s (CaseDesk at home looks for it), like casedesk-cases-%s; nothing was written.",
			packet.Ext, "munoz-2026-11-27"+packet.Ext)
	}
	if printer != "" && !print {
		return usage("casedesk packet: --printer goes with --print\n\n" + packetUsage)
	}
	var r app.Receipt
	if receipt != "" {
		if r, err = app.ParseReceipt(receipt); err != nil {
			return failed("packet", "%v", err)
		}
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return failed("packet", "%v", err)
	}
	s, d, err := openDesk(ctx, env, "packet", c.db)
	if err != nil {
		return err
	}
	defer s.Close()
	if receipt != "" {
		k, err := s.CaseByReceipt(ctx, r)
		if err != nil {
			return failed("packet", "CaseDesk has no case with receipt number %s.", r)
		}
		personID = k.ApplicantID
	}
	w, err := d.WritePacket(ctx, personID, abs)
	switch {
	case errors.Is(err, desk.ErrNoCases):
		return failed("packet", "this client has no cases of their own yet, so there is nothing to take home. Add their cases first; nothing was written.")
	case err != nil:
		return deskFailed("packet", err, "CaseDesk has no such client.")
	}
	var noticeAbs string
	if noticeOut == "" {
		noticeAbs, err = saveBeside(ctx, s, abs, w)
	} else if noticeAbs, err = filepath.Abs(noticeOut); err == nil {
		err = s.Notices().Save(ctx, noticeAbs, w.Notice())
	}
	if err != nil {
		// Without its notice nobody can open the packet: it goes.
		os.Remove(abs)
		return failed("packet", "the packet's notice could not be written: %v. Without it the packet cannot be opened, so the packet file "+
			"was removed; fix the problem and write another (it comes with a new code).", err)
	}
	fmt.Fprintf(env.Stdout, "Wrote the case packet for %s (packet %d for this client: %s) to %s\n"+
		"The Account Access Notice with its access code is in %s\nCaseDesk keeps no copy of the code: give the client both.\n",
		w.Person.FullName(), w.Seq, w.Counts, abs, noticeAbs)
	if print {
		return printFile(ctx, env, noticeAbs, printer)
	}
	return nil
}

// saveBeside saves the packet's notice beside it under the default name,
// access-notice-packet-<date>.pdf, or with -2, -3 … when that is taken: a
// notice of another client's packet written the same day is never
// replaced by default.
func saveBeside(ctx context.Context, s Store, packetPath string, w desk.WrittenPacket) (string, error) {
	base := filepath.Join(filepath.Dir(packetPath), "access-notice-packet-"+w.Made.ISO())
	for n := 1; ; n++ {
		path := base + ".pdf"
		if n > 1 {
			path = fmt.Sprintf("%s-%d.pdf", base, n)
		}
		err := s.Notices().SaveNew(ctx, path, w.Notice())
		if !errors.Is(err, fs.ErrExist) || n == 100 {
			return path, err
		}
	}
}
