//go:build !race

package data

// raceDetector is off.
const raceDetector = false
