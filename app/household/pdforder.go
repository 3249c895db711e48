package household

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
)

// A PDF's objects need not be in page order (a writer may keep its images
// in a map), so the page images are put in the order of the pages: the
// page tree from its root, each page's content drawing its images by name
// ("/I1 Do"), each name found in the page's resources. A PDF whose pages
// cannot be read this way keeps the order of its objects.

var (
	pagesType   = regexp.MustCompile(`/Type\s*/Pages\b`)
	pageType    = regexp.MustCompile(`/Type\s*/Page\b`)
	parentKey   = regexp.MustCompile(`/Parent\s+\d+\s+\d+\s+R`)
	kidsKey     = regexp.MustCompile(`/Kids\s*\[([^\]]*)\]`)
	refs        = regexp.MustCompile(`(\d+)\s+\d+\s+R`)
	contentsRef = regexp.MustCompile(`/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)`)
	resRef      = regexp.MustCompile(`/Resources\s+(\d+)\s+\d+\s+R`)
	xobjRef     = regexp.MustCompile(`/XObject\s+(\d+)\s+\d+\s+R`)
	xobjInline  = regexp.MustCompile(`/XObject\s*<<([^>]*)>>`)
	namedRef    = regexp.MustCompile(`/([^\s/<>\[\]()]+)\s+(\d+)\s+\d+\s+R`)
	doOp        = regexp.MustCompile(`/([^\s/<>\[\]()]+)\s+Do\b`)
)

// maxContent bounds a page's inflated content: a scanned page's is a few
// lines; more is not a scan.
const maxContent = 1 << 20

// imageOrder is the image objects in the order the pages draw them, or nil
// when the page tree cannot be read.
func imageOrder(pdf []byte, all map[int]pdfObject, order []int) []int {
	var pages []int
	seen := map[int]bool{}
	var walk func(num, depth int)
	walk = func(num, depth int) {
		o, ok := all[num]
		if !ok || seen[num] || depth > 32 {
			return
		}
		seen[num] = true
		switch {
		case pagesType.Match(o.dict):
			if m := kidsKey.FindSubmatch(o.dict); m != nil {
				for _, r := range refs.FindAllSubmatch(m[1], -1) {
					if n, err := strconv.Atoi(string(r[1])); err == nil {
						walk(n, depth+1)
					}
				}
			}
		case pageType.Match(o.dict):
			pages = append(pages, num)
		}
	}
	for _, num := range order {
		if o := all[num]; pagesType.Match(o.dict) && !parentKey.Match(o.dict) {
			walk(num, 0)
			break
		}
	}
	var out []int
	for _, p := range pages {
		out = append(out, pageImages(pdf, all, all[p])...)
	}
	return out
}

// pageImages is the objects a page draws with Do, in the order drawn.
func pageImages(pdf []byte, all map[int]pdfObject, page pdfObject) []int {
	names := xobjects(all, page.dict)
	if len(names) == 0 {
		return nil
	}
	var out []int
	for _, c := range contents(pdf, all, page.dict) {
		for _, m := range doOp.FindAllSubmatch(c, -1) {
			if n, ok := names[string(m[1])]; ok {
				out = append(out, n)
			}
		}
	}
	return out
}

// xobjects maps a page's XObject names to their objects.
func xobjects(all map[int]pdfObject, dict []byte) map[string]int {
	res := dict
	if m := resRef.FindSubmatch(dict); m != nil {
		n, _ := strconv.Atoi(string(m[1]))
		res = all[n].dict
	}
	var list []byte
	if m := xobjRef.FindSubmatch(res); m != nil {
		n, _ := strconv.Atoi(string(m[1]))
		list = all[n].dict
	} else if m := xobjInline.FindSubmatch(res); m != nil {
		list = m[1]
	}
	out := map[string]int{}
	for _, m := range namedRef.FindAllSubmatch(list, -1) {
		if n, err := strconv.Atoi(string(m[2])); err == nil {
			out[string(m[1])] = n
		}
	}
	return out
}

// contents is a page's content streams, inflated when deflated.
func contents(pdf []byte, all map[int]pdfObject, dict []byte) [][]byte {
	m := contentsRef.FindSubmatch(dict)
	if m == nil {
		return nil
	}
	var out [][]byte
	for _, r := range refs.FindAllSubmatch(m[1], -1) {
		n, _ := strconv.Atoi(string(r[1]))
		o, ok := all[n]
		if !ok || o.end <= o.start {
			continue
		}
		data := pdf[o.start:o.end]
		if flateKey.Match(o.dict) {
			zr, err := zlib.NewReader(bytes.NewReader(data))
			if err != nil {
				continue
			}
			data, err = io.ReadAll(io.LimitReader(zr, maxContent))
			zr.Close()
			if err != nil && len(data) == 0 {
				continue
			}
		}
		out = append(out, data)
	}
	return out
}
