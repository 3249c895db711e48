// Copyright ©2021 The go-pdf Authors. All rights reserved.
// Use of this source code is governed by a MIT-style
// license that can be found in the LICENSE file.

package fpdf

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/adler32"
	"sync"
)

var xmem = xmempool{
	Pool: sync.Pool{
		New: func() any {
			var m membuffer
			return &m
		},
	},
}

type xmempool struct{ sync.Pool }

// zwriters keeps zlib writers for reuse: each holds about a megabyte of
// tables, and a document compresses several streams.
var zwriters = sync.Pool{New: func() any {
	zw, err := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	if err != nil {
		panic(fmt.Errorf("could not create zlib writer: %w", err))
	}
	return zw
}}

func (pool *xmempool) compress(data []byte) *membuffer {
	mem := pool.Get().(*membuffer)
	buf := &mem.buf
	buf.Grow(len(data))

	zw := zwriters.Get().(*zlib.Writer)
	defer zwriters.Put(zw)
	zw.Reset(buf)
	_, err := zw.Write(data)
	if err != nil {
		panic(fmt.Errorf("could not zlib-compress slice: %w", err))
	}

	err = zw.Close()
	if err != nil {
		panic(fmt.Errorf("could not close zlib writer: %w", err))
	}
	return mem
}

func (pool *xmempool) uncompress(data []byte) (*membuffer, error) {
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}

	mem := pool.Get().(*membuffer)
	mem.buf.Reset()

	_, err = mem.buf.ReadFrom(zr)
	if err != nil {
		mem.release()
		return nil, err
	}

	return mem, nil
}

type membuffer struct {
	buf bytes.Buffer
}

func (mem *membuffer) bytes() []byte { return mem.buf.Bytes() }
func (mem *membuffer) release() {
	mem.buf.Reset()
	xmem.Put(mem)
}

func (mem *membuffer) copy() []byte {
	src := mem.bytes()
	dst := make([]byte, len(src))
	copy(dst, src)
	return dst
}

// CaseDesk: streams built from sections compressed apart, so that a part
// that repeats from document to document is compressed once (utf8cache.go).

// flateSection is data compressed on its own into raw deflate blocks that
// end on a byte boundary (a sync flush) and refer to nothing before them:
// such sections can be laid end to end in one stream.
type flateSection struct {
	n     int    // length of the data
	adler uint32 // Adler-32 of the data
	z     []byte // the compressed blocks
}

// fwriters keeps raw deflate writers for newFlateSection, as zwriters does
// zlib writers.
var fwriters = sync.Pool{New: func() any {
	fw, err := flate.NewWriter(nil, flate.BestSpeed)
	if err != nil {
		panic(fmt.Errorf("could not create flate writer: %w", err))
	}
	return fw
}}

func newFlateSection(data []byte) flateSection {
	var buf bytes.Buffer
	buf.Grow(len(data)/2 + 64)
	fw := fwriters.Get().(*flate.Writer)
	defer fwriters.Put(fw)
	fw.Reset(&buf)
	if _, err := fw.Write(data); err != nil {
		panic(fmt.Errorf("could not flate-compress slice: %w", err))
	}
	if err := fw.Flush(); err != nil {
		panic(fmt.Errorf("could not flush flate writer: %w", err))
	}
	return flateSection{n: len(data), adler: adler32.Checksum(data), z: buf.Bytes()}
}

// storedSection returns data as a flateSection of stored (uncompressed)
// blocks, for data that does not compress enough to be worth the time.
func storedSection(data []byte) flateSection {
	s := flateSection{n: len(data), adler: adler32.Checksum(data)}
	s.z = make([]byte, 0, len(data)+5*(len(data)/0xFFFF+1))
	for len(data) > 0 {
		n := min(len(data), 0xFFFF)
		// The block header (not the last block, stored) fills a byte;
		// then the length and its complement, least significant byte first.
		s.z = append(s.z, 0, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		s.z = append(s.z, data[:n]...)
		data = data[n:]
	}
	return s
}

// zlibJoin returns a zlib stream (as compress/zlib writes at BestSpeed) of
// the sections' data, one after the other.
func zlibJoin(sections ...flateSection) []byte {
	size := 2 + 2 + 4
	for _, s := range sections {
		size += len(s.z)
	}
	out := make([]byte, 0, size)
	out = append(out, 0x78, 0x01) // deflate, 32 KiB window, fastest
	adler := uint32(1)
	for _, s := range sections {
		out = append(out, s.z...)
		adler = adler32Combine(adler, s.adler, s.n)
	}
	out = append(out, 0x03, 0x00) // an empty final block
	return binary.BigEndian.AppendUint32(out, adler)
}

// adler32Combine returns the Adler-32 of A followed by B from a1 = adler(A),
// a2 = adler(B) and n2 = len(B), as zlib's adler32_combine does.
func adler32Combine(a1, a2 uint32, n2 int) uint32 {
	const mod = 65521
	rem := uint32(n2 % mod)
	s1 := a1 & 0xffff
	s2 := rem * s1 % mod
	s1 += a2&0xffff + mod - 1
	s2 += a1>>16 + a2>>16 + mod - rem
	if s1 >= mod {
		s1 -= mod
	}
	if s1 >= mod {
		s1 -= mod
	}
	if s2 >= 2*mod {
		s2 -= 2 * mod
	}
	if s2 >= mod {
		s2 -= mod
	}
	return s2<<16 | s1
}
