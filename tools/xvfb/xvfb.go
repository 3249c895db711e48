// Package xvfb starts a private X server (Xvfb) for the real-window smoke
// test and the GUI start benchmark.
package xvfb

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Start runs Xvfb on the first free display from :90 and returns the
// display name once the server answers, and a function that stops it.
// -noreset keeps the server up when its last client leaves, so programs
// started one after another never meet a server that is resetting.
func Start() (display string, stop func(), err error) {
	for n := 90; n < 130; n++ {
		if inUse(n) {
			continue
		}
		display := fmt.Sprintf(":%d", n)
		x := exec.Command("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
		if err := x.Start(); err != nil {
			return "", nil, fmt.Errorf("starting Xvfb (make test installs it): %w", err)
		}
		stop := func() {
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
		for range 100 {
			if ready(display) {
				return display, stop, nil
			}
			time.Sleep(50 * time.Millisecond)
		}
		stop()
		return "", nil, fmt.Errorf("the X server on %s did not start", display)
	}
	return "", nil, fmt.Errorf("no free X display")
}

// inUse reports whether display n has a live server. A lock left by a
// server that is gone (killed without cleaning up) is removed.
func inUse(n int) bool {
	lock := fmt.Sprintf("/tmp/.X%d-lock", n)
	sock := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
	b, err := os.ReadFile(lock)
	if err != nil {
		_, serr := os.Stat(sock)
		return serr == nil
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return true // not ours to judge
	}
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		os.Remove(lock)
		os.Remove(sock)
		return false
	}
	return true
}

// ready reports whether the X server on display answers.
func ready(display string) bool {
	cmd := exec.Command("xdotool", "getdisplaygeometry")
	cmd.Env = append(os.Environ(), "DISPLAY="+display)
	return cmd.Run() == nil
}
