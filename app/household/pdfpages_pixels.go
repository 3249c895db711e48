package household

import (
	"image"
	"image/color"
)

// The pixels of a deflated page image are kept as the PDF stores them, so
// that they are inflated once, into the image itself: a 60-megapixel RGB
// scan holds 180 MB this way, not 240 MB as RGBA after a 180 MB copy.

// rgbImage is 8-bit RGB pixels, three bytes each.
type rgbImage struct {
	pix    []byte
	stride int
	rect   image.Rectangle
}

func (m *rgbImage) ColorModel() color.Model { return color.RGBAModel }
func (m *rgbImage) Bounds() image.Rectangle { return m.rect }

func (m *rgbImage) At(x, y int) color.Color {
	if !(image.Point{x, y}.In(m.rect)) {
		return color.RGBA{}
	}
	i := y*m.stride + x*3
	return color.RGBA{m.pix[i], m.pix[i+1], m.pix[i+2], 0xff}
}

// bitImage is 1-bit black and white pixels, eight to a byte, the first
// pixel in the high bit; a set bit is white.
type bitImage struct {
	pix    []byte
	stride int
	rect   image.Rectangle
}

func (m *bitImage) ColorModel() color.Model { return color.GrayModel }
func (m *bitImage) Bounds() image.Rectangle { return m.rect }

func (m *bitImage) At(x, y int) color.Color {
	if !(image.Point{x, y}.In(m.rect)) {
		return color.Gray{}
	}
	if m.pix[y*m.stride+x/8]&(0x80>>(x%8)) != 0 {
		return color.Gray{Y: 0xff}
	}
	return color.Gray{}
}
