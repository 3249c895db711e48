package household

import (
	"bytes"
	"compress/zlib"
	"image"
	"image/jpeg"
	_ "image/png" // photos of letters
	"io"
	"regexp"
	"strconv"

	"golang.org/x/image/draw"
)

// A scanned letter is a PDF that holds one image per page: a scanner or a
// phone's scanning app writes each page as a JPEG (DCTDecode) or, for
// black-and-white or lossless scans, as deflated pixels (FlateDecode).
// PageImages finds those images so that the screen can show the letter
// without a PDF renderer (none is small enough to load with the window).
// A PDF made of text and drawings holds no page image; the screen then
// says so and still offers to print or save it.

// MaxPages is the most page images shown of one letter.
const MaxPages = 40

// maxPixels bounds one image's size before decoding: 60 megapixels, more
// than a letter-size page scanned at 600 dpi in colour.
const maxPixels = 60_000_000

// minPixels is the smallest image taken for a page; smaller ones are logos,
// stamps or signatures placed on a page of text.
const minPixels = 90_000

var (
	objHeader = regexp.MustCompile(`(\d+)\s+(\d+)\s+obj\b`)
	intKey    = func(key string) *regexp.Regexp {
		return regexp.MustCompile(`/` + key + `\s+(\d+)(\s+(\d+)\s+R)?`)
	}
	widthKey  = intKey("Width")
	heightKey = intKey("Height")
	bpcKey    = intKey("BitsPerComponent")
	lengthKey = intKey("Length")
	smaskKey  = regexp.MustCompile(`/SMask\s+(\d+)\s+\d+\s+R`)
	imageKey  = regexp.MustCompile(`/Subtype\s*/Image\b`)
	dctKey    = regexp.MustCompile(`/DCTDecode\b`)
	flateKey  = regexp.MustCompile(`/FlateDecode\b`)
	otherKey  = regexp.MustCompile(`/(JPXDecode|CCITTFaxDecode|JBIG2Decode|LZWDecode|RunLengthDecode|ASCII85Decode|ASCIIHexDecode)\b`)
	predictor = regexp.MustCompile(`/Predictor\s+(\d+)`)
	rgbKey    = regexp.MustCompile(`/DeviceRGB\b`)
	grayKey   = regexp.MustCompile(`/DeviceGray\b`)
	maskKey   = regexp.MustCompile(`/ImageMask\s+true\b`)
)

type pdfObject struct {
	num        int
	dict       []byte
	start, end int // the stream's data, when it has one
}

// objects lists a PDF's objects that have a stream, in file order.
func objects(pdf []byte) (map[int]pdfObject, []int) {
	all := map[int]pdfObject{}
	var order []int
	locs := objHeader.FindAllSubmatchIndex(pdf, -1)
	for i, l := range locs {
		num, err := strconv.Atoi(string(pdf[l[2]:l[3]]))
		if err != nil {
			continue
		}
		end := len(pdf)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		body := pdf[l[1]:end]
		o := pdfObject{num: num, dict: body}
		if s := bytes.Index(body, []byte("stream")); s >= 0 && !bytes.HasPrefix(body[s:], []byte("streamx")) {
			o.dict = body[:s]
			data := l[1] + s + len("stream")
			if data < len(pdf) && pdf[data] == '\r' {
				data++
			}
			if data < len(pdf) && pdf[data] == '\n' {
				data++
			}
			o.start, o.end = data, data
			if e := bytes.Index(pdf[data:end], []byte("endstream")); e >= 0 {
				o.end = data + e
			}
		}
		all[num] = o
		order = append(order, num)
	}
	return all, order
}

// intOf reads an integer key of a dict, following a reference to another
// object that holds the number.
func intOf(all map[int]pdfObject, dict []byte, key *regexp.Regexp) (int, bool) {
	m := key.FindSubmatch(dict)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(string(m[1]))
	if err != nil {
		return 0, false
	}
	if len(m[2]) == 0 {
		return n, true
	}
	ref, ok := all[n]
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(string(bytes.TrimSpace(ref.dict[:min(len(ref.dict), 40)])))
	if err != nil {
		if f := bytes.Fields(ref.dict); len(f) > 0 {
			v, err = strconv.Atoi(string(f[0]))
		}
	}
	return v, err == nil
}

// PageImages returns the page images of a scanned PDF, in file order, each
// scaled down to at most maxWidth pixels wide; none for a PDF of text and
// drawings, or of image kinds it cannot read.
func PageImages(pdf []byte, maxWidth int) []image.Image {
	imgs, _ := ScanPages(pdf, maxWidth)
	return imgs
}

// ScanPages is PageImages, and whether pages were left out: a letter of
// more than MaxPages images, or whose images together are past
// maxLetterPixels, is shown up to there, so that a small file made to
// inflate into gigabytes (a decompression bomb) stays bounded in time and
// memory. Each image object is decoded once, however many pages draw it,
// and only one full-size image is in memory at a time.
func ScanPages(pdf []byte, maxWidth int) (imgs []image.Image, cut bool) {
	all, order := objects(pdf)
	masks := map[int]bool{}
	for _, num := range order {
		for _, m := range smaskKey.FindAllSubmatch(all[num].dict, -1) {
			if n, err := strconv.Atoi(string(m[1])); err == nil {
				masks[n] = true
			}
		}
	}
	if drawn := imageOrder(pdf, all, order); len(drawn) > 0 {
		order = drawn
	}
	decoded := map[int]image.Image{} // nil for an image that did not decode
	budget := maxLetterPixels
	for _, num := range order {
		o := all[num]
		if o.end <= o.start || masks[num] || !imageKey.Match(o.dict) || maskKey.Match(o.dict) || otherKey.Match(o.dict) {
			continue
		}
		w, okW := intOf(all, o.dict, widthKey)
		h, okH := intOf(all, o.dict, heightKey)
		if !okW || !okH || !pageSize(w, h) {
			continue
		}
		if len(imgs) == MaxPages {
			return imgs, true
		}
		if img, ok := decoded[num]; ok {
			if img != nil {
				imgs = append(imgs, img)
			}
			continue
		}
		if w*h > budget {
			return imgs, true
		}
		budget -= w * h
		data := pdf[o.start:o.end]
		if n, ok := intOf(all, o.dict, lengthKey); ok && n > 0 && n <= len(pdf)-o.start {
			data = pdf[o.start : o.start+n]
		}
		var img image.Image
		switch {
		case dctKey.Match(o.dict) && !flateKey.Match(o.dict):
			img = decodeJPEG(data)
		case flateKey.Match(o.dict) && !dctKey.Match(o.dict):
			img = decodeFlate(o.dict, data, w, h, all)
		}
		if img != nil {
			img = scaleDown(img, maxWidth)
			imgs = append(imgs, img)
		}
		decoded[num] = img
	}
	return imgs, false
}

// maxSide bounds each side of an image, checked before the sides are
// multiplied: a width near the largest int times a small height wraps
// around into the allowed number of pixels.
const maxSide = 65535

// maxLetterPixels bounds the pixels decoded for one letter: forty pages
// scanned at 300 dpi in colour are about 150 megapixels.
const maxLetterPixels = 150_000_000

// fits reports whether an image of w by h pixels is within maxPixels,
// without multiplying sides that could wrap around.
func fits(w, h int) bool {
	return w >= 1 && h >= 1 && w <= maxSide && h <= maxSide && w <= maxPixels/h
}

// pageSize reports whether an image of w by h pixels can be a page's scan.
func pageSize(w, h int) bool { return fits(w, h) && w*h >= minPixels }

func decodeJPEG(data []byte) image.Image {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil || !fits(cfg.Width, cfg.Height) {
		return nil
	}
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	return img
}

// decodeFlate reads deflated 8-bit grey or RGB pixels, or 1-bit black and
// white, without a predictor. The pixels are inflated straight into the
// image returned, never through a second full-size copy, and a stream
// that inflates to more bytes than its image holds is refused.
func decodeFlate(dict, data []byte, w, h int, all map[int]pdfObject) image.Image {
	if !fits(w, h) {
		return nil
	}
	if m := predictor.FindSubmatch(dict); m != nil && string(m[1]) != "1" {
		return nil
	}
	bpc, ok := intOf(all, dict, bpcKey)
	if !ok {
		bpc = 8
	}
	comps := 0
	switch {
	case rgbKey.Match(dict):
		comps = 3
	case grayKey.Match(dict):
		comps = 1
	default:
		return nil
	}
	if bpc != 8 && !(bpc == 1 && comps == 1) {
		return nil
	}
	row := (w*comps*bpc + 7) / 8
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	defer zr.Close()
	r := io.LimitReader(zr, int64(row*h)+1)
	pix := make([]byte, row*h)
	if _, err := io.ReadFull(r, pix); err != nil {
		return nil
	}
	if n, _ := r.Read(make([]byte, 1)); n > 0 {
		return nil
	}
	rect := image.Rect(0, 0, w, h)
	switch {
	case comps == 1 && bpc == 8:
		return &image.Gray{Pix: pix, Stride: row, Rect: rect}
	case comps == 1:
		return &bitImage{pix: pix, stride: row, rect: rect}
	}
	return &rgbImage{pix: pix, stride: row, rect: rect}
}

// scaleDown returns img at most maxWidth pixels wide.
func scaleDown(img image.Image, maxWidth int) image.Image {
	b := img.Bounds()
	if maxWidth <= 0 || b.Dx() <= maxWidth {
		return img
	}
	h := b.Dy() * maxWidth / b.Dx()
	dst := image.NewRGBA(image.Rect(0, 0, maxWidth, max(1, h)))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// Photo decodes a letter's photo (JPEG or PNG), scaled down to at most
// maxWidth pixels wide; nil when it does not decode.
func Photo(data []byte, maxWidth int) image.Image {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || !fits(cfg.Width, cfg.Height) {
		return nil
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	return scaleDown(img, maxWidth)
}
