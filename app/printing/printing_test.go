package printing

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fake answers commands from a table and records what was run.
type fake struct {
	answers map[string]struct {
		out string
		err error
	}
	ran []string
}

func (f *fake) run(_ context.Context, name string, args ...string) ([]byte, error) {
	line := name + " " + strings.Join(args, " ")
	f.ran = append(f.ran, line)
	for prefix, a := range f.answers {
		if strings.HasPrefix(line, prefix) {
			return []byte(a.out), a.err
		}
	}
	return nil, nil
}

type answer = struct {
	out string
	err error
}

func TestPrintersDefaultFirst(t *testing.T) {
	f := &fake{answers: map[string]answer{
		"lpstat -p": {out: "printer Brother is idle.  enabled since Mon 23 Nov\nprinter PDF is idle.  enabled since Mon 23 Nov\n\tready\nprinter Front_Desk disabled since Mon 23 Nov -\n"},
		"lpstat -d": {out: "system default destination: PDF\n"},
	}}
	ps, err := NewWith(f.run, "linux").Printers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []Printer{{"PDF", true}, {"Brother", false}, {"Front_Desk", false}}
	if len(ps) != len(want) {
		t.Fatalf("got %v", ps)
	}
	for i := range want {
		if ps[i] != want[i] {
			t.Fatalf("got %v, want %v", ps, want)
		}
	}
}

func TestPrintersNone(t *testing.T) {
	f := &fake{answers: map[string]answer{"lpstat -p": {err: errors.New("lpstat: No destinations added.")}}}
	ps, err := NewWith(f.run, "linux").Printers(context.Background())
	if err != nil || len(ps) != 0 {
		t.Fatalf("want no printers and no error, got %v %v", ps, err)
	}
	f = &fake{answers: map[string]answer{"lpstat -p": {err: errors.New("lpstat: Scheduler is not running.")}}}
	if _, err := NewWith(f.run, "linux").Printers(context.Background()); !errors.Is(err, ErrNoSpooler) {
		t.Fatalf("want ErrNoSpooler, got %v", err)
	}
}

func TestPrintErrorsSayWhereThePDFIs(t *testing.T) {
	file := filepath.Join(t.TempDir(), "IOE0912345678-notices.pdf")
	os.WriteFile(file, []byte("%PDF-1.4\n"), 0o600)
	cases := []struct {
		lpErr  string
		want   error
		phrase string
		viewer bool
	}{
		{"lp: Error - No default destination.", ErrNoPrinter, "No printer is set up", false},
		{"lp: The printer or class does not exist.", ErrNoPrinter, "No printer is set up", false},
		{"lp: Error - Scheduler is not running.", ErrNoSpooler, "not running", true},
		{"lp: Error - The printer is not accepting jobs.", ErrRejected, "refused the job", false},
	}
	for _, c := range cases {
		f := &fake{answers: map[string]answer{"lp ": {err: errors.New(c.lpErr)}}}
		_, err := NewWith(f.run, "linux").Print(context.Background(), file, "")
		var pe *Error
		if !errors.As(err, &pe) || !errors.Is(err, c.want) {
			t.Errorf("%q: want %v, got %v", c.lpErr, c.want, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, c.phrase) || !strings.Contains(msg, file) {
			t.Errorf("%q: message %q must say %q and where the PDF is", c.lpErr, msg, c.phrase)
		}
		opened := strings.Contains(strings.Join(f.ran, "\n"), "xdg-open "+file)
		if opened != c.viewer {
			t.Errorf("%q: viewer opened = %v, want %v", c.lpErr, opened, c.viewer)
		}
	}
}

func TestPrintCommands(t *testing.T) {
	f := &fake{answers: map[string]answer{"lp ": {out: "request id is Front_Desk-42 (1 file(s))\n"}}}
	job, err := NewWith(f.run, "linux").Print(context.Background(), "/tmp/n.pdf", "Front_Desk")
	if err != nil || job != "Front_Desk-42" {
		t.Fatalf("got %q %v", job, err)
	}
	if got := f.ran[0]; got != "lp -t CaseDesk n.pdf -d Front_Desk -- /tmp/n.pdf" {
		t.Fatalf("ran %q", got)
	}
}

// TestWindowsPrintPathIsAnArgument: a path with PowerShell's other quote
// marks (‘ ’ ‚ ‛) or a $( ) must reach the script as an argument, not as
// script text where it could end a string and run code.
func TestWindowsPrintPathIsAnArgument(t *testing.T) {
	for _, path := range []string{`C:\Users\Ana\n o'k.pdf`, `C:\Users\x\a’; Remove-Item C:\ -Recurse; ‘.pdf`, `C:\$(calc).pdf`} {
		var args []string
		var script []byte
		run := func(_ context.Context, name string, a ...string) ([]byte, error) {
			args = append([]string{name}, a...)
			for i, v := range a {
				if v == "-File" && i+1 < len(a) {
					script, _ = os.ReadFile(a[i+1])
				}
			}
			return nil, nil
		}
		if _, err := NewWith(run, "windows").Print(context.Background(), path, ""); err != nil {
			t.Fatal(err)
		}
		if args[0] != "powershell" || args[len(args)-1] != path || args[len(args)-3] != "-File" {
			t.Fatalf("ran %q", args)
		}
		if string(script) != printScript || strings.Contains(string(script), path) {
			t.Fatalf("script %q", script)
		}
		if _, err := os.Stat(args[len(args)-2]); !os.IsNotExist(err) {
			t.Fatalf("the script was left behind: %v", err)
		}
	}
}

// TestPrintPrivately: the document is printed from a private file that is
// gone once lp returns, and without CUPS nothing is written.
func TestPrintPrivately(t *testing.T) {
	var printed string
	var mode os.FileMode
	run := func(_ context.Context, name string, a ...string) ([]byte, error) {
		printed = a[len(a)-1]
		fi, err := os.Stat(printed)
		if err != nil {
			return nil, err
		}
		mode = fi.Mode().Perm()
		return []byte("request id is PDF-7 (1 file(s))"), nil
	}
	job, err := NewWith(run, "linux").PrintPrivately(context.Background(), "sheet.pdf",
		func(w io.Writer) error { _, err := w.Write([]byte("%PDF-1.4")); return err }, "")
	if err != nil || job != "PDF-7" {
		t.Fatalf("got %q %v", job, err)
	}
	if mode != 0o600 {
		t.Fatalf("the private file was %v", mode)
	}
	if _, err := os.Stat(filepath.Dir(printed)); !os.IsNotExist(err) {
		t.Fatalf("the private folder is still there: %v", err)
	}
	_, err = NewWith(run, "windows").PrintPrivately(context.Background(), "sheet.pdf", func(io.Writer) error {
		t.Fatal("wrote without CUPS")
		return nil
	}, "")
	if !errors.Is(err, ErrNotPrivate) {
		t.Fatalf("without CUPS: %v", err)
	}
}

// TestRealCUPS prints through a real CUPS to the cups-pdf virtual printer,
// which writes the job as a PDF under $HOME/PDF. make test starts cupsd and
// adds the printer, then sets CASEDESK_CUPS_PRINTER.
func TestRealCUPS(t *testing.T) {
	printer := os.Getenv("CASEDESK_CUPS_PRINTER")
	if printer == "" {
		t.Skip("CASEDESK_CUPS_PRINTER is not set; make test sets up CUPS with the cups-pdf printer and sets it")
	}
	svc := New()
	ps, err := svc.Printers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range ps {
		found = found || p.Name == printer
	}
	if !found {
		t.Fatalf("printer %s not listed: %v", printer, ps)
	}
	src := filepath.Join("testdata", "page.pdf")
	file := filepath.Join(t.TempDir(), "print-test.pdf")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(-time.Second)
	job, err := svc.Print(context.Background(), file, printer)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(job, printer+"-") {
		t.Fatalf("job id %q", job)
	}
	// cups-pdf writes to the PDF folder in the job owner's home as the
	// password database has it, which may differ from $HOME.
	var outs []string
	if home, err := os.UserHomeDir(); err == nil {
		outs = append(outs, filepath.Join(home, "PDF"))
	}
	if u, err := user.Current(); err == nil {
		outs = append(outs, filepath.Join(u.HomeDir, "PDF"))
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		for _, out := range outs {
			entries, _ := os.ReadDir(out)
			for _, e := range entries {
				info, err := e.Info()
				if err != nil || info.ModTime().Before(start) || !strings.HasSuffix(e.Name(), ".pdf") {
					continue
				}
				got := filepath.Join(out, e.Name())
				if text, err := exec.Command("pdftotext", got, "-").Output(); err == nil && strings.Contains(string(text), "CaseDesk print test") {
					os.Remove(got)
					return
				}
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("job %s: no PDF appeared in %v within 60 s", job, outs)
}

// Without a viewer (no xdg-open, or nothing that shows PDFs) Open says so
// in words, with where the PDF is, never the system's raw error.
func TestOpenWithoutAViewerSaysWhereThePDFIs(t *testing.T) {
	file := filepath.Join(t.TempDir(), "notices-2026-11-20.pdf")
	os.WriteFile(file, []byte("%PDF-1.4\n"), 0o600)
	t.Setenv("PATH", t.TempDir()) // no xdg-open
	for name, svc := range map[string]*Service{
		"missing":   New(),
		"no viewer": NewWith((&fake{answers: map[string]answer{"xdg-open": {err: errors.New("xdg-open: no method available for opening '" + file + "'")}}}).run, "linux"),
	} {
		err := svc.Open(context.Background(), file)
		var pe *Error
		if !errors.As(err, &pe) || !errors.Is(err, ErrNoViewer) {
			t.Errorf("%s: want an Error for ErrNoViewer, got %v", name, err)
			continue
		}
		msg := err.Error()
		for _, want := range []string{"No PDF viewer could be started", file, "file manager"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: %q does not say %q", name, msg, want)
			}
		}
		if strings.Contains(msg, "exec:") || strings.Contains(msg, "xdg-open") {
			t.Errorf("%s: %q shows the system's words", name, msg)
		}
		if why := pe.Why(); why != "No PDF viewer could be started on this computer." {
			t.Errorf("%s: Why %q", name, why)
		}
	}
}

// A PDF moved or deleted since it was saved is said to be gone, not blamed
// on a missing viewer; no viewer is started.
func TestOpenOfAPDFThatIsGone(t *testing.T) {
	file := filepath.Join(t.TempDir(), "gone.pdf")
	f := &fake{answers: map[string]answer{}}
	err := NewWith(f.run, "linux").Open(context.Background(), file)
	if !errors.Is(err, ErrGone) || !strings.Contains(err.Error(), "moved or deleted") || strings.Contains(err.Error(), "viewer") {
		t.Errorf("%v", err)
	}
	if len(f.ran) != 0 {
		t.Errorf("ran %v", f.ran)
	}
}
