// Package xvfb starts a private X server (Xvfb) for the real-window smoke
// tests and the GUI start benchmark.
package xvfb

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// startWithin is how long Xvfb may take to start answering.
const startWithin = 10 * time.Second

// Start runs Xvfb on a free display and returns the display name once the
// server answers, and a function that stops it.
//
// The server chooses the display itself (-displayfd): it takes the first
// number whose lock file it can create, which is atomic, and reports it once
// it accepts connections. Several tests may so start servers at the same
// moment: no two get the same display, and none mistakes another's server
// for its own.
//
// -noreset keeps the server up when its last client leaves, so programs
// started one after another never meet a server that is resetting.
func Start() (display string, stop func(), err error) {
	r, w, err := os.Pipe()
	if err != nil {
		return "", nil, err
	}
	defer r.Close()
	// ExtraFiles[0] is the child's descriptor 3.
	x := exec.Command("Xvfb", "-displayfd", "3", "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
	x.ExtraFiles = []*os.File{w}
	err = x.Start()
	w.Close() // the server holds its own copy: its end makes our read end
	if err != nil {
		return "", nil, fmt.Errorf("starting Xvfb (make test installs it): %w", err)
	}
	stop = func() {
		// SIGTERM lets Xvfb remove its lock file and socket.
		x.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { x.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			x.Process.Kill()
			<-done
		}
	}
	n, err := readDisplay(r, startWithin)
	if err != nil {
		stop()
		return "", nil, fmt.Errorf("starting Xvfb: %w", err)
	}
	display = ":" + strconv.Itoa(n)
	// The number is written once the server listens; a client's first
	// answer is checked all the same.
	for deadline := time.Now().Add(startWithin); !ready(display); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			stop()
			return "", nil, fmt.Errorf("the X server on %s does not answer", display)
		}
	}
	return display, stop, nil
}

// readDisplay reads the display number Xvfb writes to -displayfd, a line.
func readDisplay(r *os.File, within time.Duration) (int, error) {
	if err := r.SetReadDeadline(time.Now().Add(within)); err != nil {
		return 0, err
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return 0, fmt.Errorf("no display number after %s", within)
		}
		return 0, fmt.Errorf("no display number (%v): it ended", err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("display number %q", line)
	}
	return n, nil
}

// ready reports whether the X server on display answers.
func ready(display string) bool {
	cmd := exec.Command("xdotool", "getdisplaygeometry")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	return cmd.Run() == nil
}
