// Package printing sends saved PDFs to a printer: CUPS (lpstat, lp) on Linux
// and macOS, the shell's print verb on Windows, and otherwise the system's
// PDF viewer, from which people print themselves. Every failure leaves the
// PDF where it was saved and says where that is.
package printing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"time"

	"casedesk/app/i18n"
)

// Printer is a print queue.
type Printer struct {
	Name    string
	Default bool
}

// Runner runs a command and returns its standard output; tests replace it.
type Runner func(ctx context.Context, name string, args ...string) ([]byte, error)

// Service lists printers and prints files.
type Service struct {
	run  Runner
	goos string
}

// New returns a print service that runs the real system commands.
func New() *Service { return &Service{run: execRun, goos: runtime.GOOS} }

// NewWith returns a print service with its own command runner and OS name.
func NewWith(run Runner, goos string) *Service { return &Service{run: run, goos: goos} }

// Errors, tested with errors.Is.
var (
	// ErrNoPrinter means no printer is set up (or none is the default and none was chosen).
	ErrNoPrinter = errors.New("no printer")
	// ErrNoSpooler means the print system is not running or not installed.
	ErrNoSpooler = errors.New("print system not running")
	// ErrRejected means the print system refused the job.
	ErrRejected = errors.New("print job rejected")
	// ErrNoViewer means no program to show the PDF could be started: none
	// is installed (no xdg-open), or none takes PDFs.
	ErrNoViewer = errors.New("no PDF viewer")
	// ErrGone means the PDF is no longer where it was saved: it was moved
	// or deleted since.
	ErrGone = errors.New("PDF moved or deleted")
)

// Error is a failed print, or a PDF no viewer could show; it says why and
// where the PDF is.
type Error struct {
	File   string
	Reason error  // one of the Err values above, or another failure
	Detail string // what the system said
}

func (e *Error) Error() string {
	switch {
	case e.File == "":
		return e.Why()
	case errors.Is(e.Reason, ErrGone):
		return i18n.T("The PDF is no longer at %s: it was moved or deleted. Save it again.", e.File)
	case errors.Is(e.Reason, ErrNoViewer):
		return e.Why() + " " + i18n.T("The PDF is saved at %s; open it from the file manager.", e.File)
	}
	return e.Why() + " " + i18n.T("The PDF is saved at %s; you can print it from there.", e.File)
}

// Why says what went wrong, without where the file is.
func (e *Error) Why() string {
	switch {
	case errors.Is(e.Reason, ErrNoPrinter):
		return i18n.T("No printer is set up on this computer. Add one in the system's printer settings.")
	case errors.Is(e.Reason, ErrNoSpooler):
		return i18n.T("The computer's print system (CUPS) is not running or not installed.")
	case errors.Is(e.Reason, ErrRejected):
		return i18n.T("The printer refused the job: %s.", e.Detail)
	case errors.Is(e.Reason, ErrNoViewer):
		return i18n.T("No PDF viewer could be started on this computer.")
	}
	return i18n.T("Printing failed: %v.", e.Reason)
}

func (e *Error) Unwrap() error { return e.Reason }

// timeout bounds every print-system command: a hung spooler must not hang CaseDesk.
const timeout = 20 * time.Second

func execRun(ctx context.Context, name string, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(cmd.Environ(), "LC_ALL=C", "LANG=C")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			msg = strings.TrimSpace(out.String())
		}
		return out.Bytes(), &cmdError{err: err, msg: msg}
	}
	return out.Bytes(), nil
}

type cmdError struct {
	err error
	msg string
}

func (e *cmdError) Error() string {
	if e.msg != "" {
		return e.msg
	}
	return e.err.Error()
}

func (e *cmdError) Unwrap() error { return e.err }

// cups reports whether this OS prints through CUPS.
func (s *Service) cups() bool { return s.goos != "windows" }

var (
	printerLine = regexp.MustCompile(`^printer (\S+) `)
	defaultLine = regexp.MustCompile(`(?i)^system default destination: (\S+)`)
)

// Printers lists the print queues, the default first. On Windows, where
// CaseDesk prints through the shell, the list is empty and Print uses the
// default printer.
func (s *Service) Printers(ctx context.Context) ([]Printer, error) {
	if !s.cups() {
		return nil, nil
	}
	out, err := s.run(ctx, "lpstat", "-p")
	if err != nil {
		if noPrinters(out, err) {
			return nil, nil
		}
		return nil, spoolerErr(err)
	}
	var ps []Printer
	for _, l := range strings.Split(string(out), "\n") {
		if m := printerLine.FindStringSubmatch(l); m != nil {
			ps = append(ps, Printer{Name: m[1]})
		}
	}
	if def, err := s.run(ctx, "lpstat", "-d"); err == nil {
		if m := defaultLine.FindStringSubmatch(strings.TrimSpace(string(def))); m != nil {
			for i := range ps {
				ps[i].Default = ps[i].Name == m[1]
			}
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Default && !ps[j].Default })
	return ps, nil
}

func noPrinters(out []byte, err error) bool {
	text := strings.ToLower(string(out) + " " + err.Error())
	return strings.Contains(text, "no destinations added")
}

// spoolerErr classifies a failed lpstat or lp.
func spoolerErr(err error) error {
	var ee *exec.Error
	if errors.As(err, &ee) {
		return ErrNoSpooler // the command itself is missing
	}
	text := strings.ToLower(err.Error())
	switch {
	case strings.Contains(text, "scheduler is not running"), strings.Contains(text, "unable to connect"),
		strings.Contains(text, "connection refused"), strings.Contains(text, "no such file or directory"):
		return ErrNoSpooler
	case strings.Contains(text, "no default destination"), strings.Contains(text, "no destinations added"),
		strings.Contains(text, "does not exist"), strings.Contains(text, "unknown printer"), strings.Contains(text, "the printer or class does not exist"):
		return ErrNoPrinter
	}
	return fmt.Errorf("%w: %v", ErrRejected, err)
}

var jobLine = regexp.MustCompile(`request id is (\S+)`)

// Print sends the PDF at file to printer ("" means the default) and returns
// the print system's job id. Windows prints with the shell's print verb
// (the default printer); other systems without CUPS open the file in the
// system viewer.
func (s *Service) Print(ctx context.Context, file, printer string) (string, error) {
	if !s.cups() {
		if err := s.shellPrint(ctx, file); err != nil {
			return "", &Error{File: file, Reason: err}
		}
		return "", nil
	}
	args := []string{"-t", "CaseDesk " + filepath.Base(file)}
	if printer != "" {
		args = append(args, "-d", printer)
	}
	args = append(args, "--", file)
	out, err := s.run(ctx, "lp", args...)
	if err != nil {
		reason := spoolerErr(err)
		if errors.Is(reason, ErrNoSpooler) {
			// No CUPS: hand the file to the viewer, where people can print it.
			if verr := s.Open(ctx, file); verr == nil {
				return "", &Error{File: file, Reason: ErrNoSpooler, Detail: i18n.T("opened in the PDF viewer instead")}
			}
		}
		return "", &Error{File: file, Reason: reason, Detail: err.Error()}
	}
	if m := jobLine.FindSubmatch(out); m != nil {
		return string(m[1]), nil
	}
	return strings.TrimSpace(string(out)), nil
}

// Open shows the file in the system's viewer. When none can be started it
// returns an *Error for ErrNoViewer that says where the file is.
func (s *Service) Open(ctx context.Context, file string) error {
	if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
		return &Error{File: file, Reason: ErrGone}
	}
	var err error
	switch s.goos {
	case "windows":
		_, err = s.run(ctx, "rundll32", "url.dll,FileProtocolHandler", file)
	case "darwin":
		_, err = s.run(ctx, "open", file)
	default:
		_, err = s.run(ctx, "xdg-open", file)
	}
	if err != nil {
		return &Error{File: file, Reason: ErrNoViewer, Detail: err.Error()}
	}
	return nil
}

// printScript is the PowerShell script that prints with the shell's print
// verb. The file comes in as an argument, never inside the script's text:
// PowerShell ends a quoted string at ‘ ’ ‚ ‛ as well as ', so no quoting of
// a path in a script is safe.
const printScript = "param([Parameter(Mandatory=$true)][string]$Path)\r\nStart-Process -FilePath $Path -Verb Print\r\n"

// shellPrint prints file with the shell's print verb (Windows), running
// printScript from a private temporary folder with the file as its argument.
func (s *Service) shellPrint(ctx context.Context, file string) error {
	dir, err := os.MkdirTemp("", "casedesk-print-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(dir, "print.ps1")
	if err := os.WriteFile(script, []byte(printScript), 0o600); err != nil {
		return err
	}
	_, err = s.run(ctx, "powershell", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File", script, file)
	return err
}

// ErrNotPrivate means this computer cannot print a file without keeping it
// around (it has no CUPS): save it where the person chooses instead.
var ErrNotPrivate = errors.New("printing here would leave the file behind")

// PrintPrivately writes a document with write into a private temporary
// folder, prints it with CUPS and removes it: lp has handed the file to the
// print system when it returns. For documents nobody should find later on
// a shared computer, like a backup-code sheet. Without CUPS it returns
// ErrNotPrivate and writes nothing.
func (s *Service) PrintPrivately(ctx context.Context, name string, write func(io.Writer) error, printer string) (string, error) {
	if !s.cups() {
		return "", ErrNotPrivate
	}
	dir, err := os.MkdirTemp("", "casedesk-private-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	return s.PrintIn(ctx, dir, name, write, printer)
}

// PrintIn is PrintPrivately in a private folder of the caller's (a
// kiosk's, which it wipes after each visit): the file is written there
// (0600, never over another), printed with CUPS and removed. Without CUPS
// it returns ErrNotPrivate and writes nothing; it never opens a viewer.
func (s *Service) PrintIn(ctx context.Context, dir, name string, write func(io.Writer) error, printer string) (string, error) {
	if !s.cups() {
		return "", ErrNotPrivate
	}
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	defer os.Remove(path)
	if err := write(f); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	args := []string{"-t", "CaseDesk " + name}
	if printer != "" {
		args = append(args, "-d", printer)
	}
	out, err := s.run(ctx, "lp", append(args, "--", path)...)
	if err != nil {
		return "", &Error{Reason: spoolerErr(err), Detail: err.Error()}
	}
	if m := jobLine.FindSubmatch(out); m != nil {
		return string(m[1]), nil
	}
	return strings.TrimSpace(string(out)), nil
}
