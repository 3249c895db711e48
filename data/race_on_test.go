//go:build race

package data

// raceDetector is on: timings mean nothing and large builds crawl.
const raceDetector = true
