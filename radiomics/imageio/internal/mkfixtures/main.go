// Command mkfixtures writes the seed corpora of the imageio fuzz targets: one small valid
// file of each format and variant, built by package imageiotest, in Go's fuzz corpus format
// under radiomics/imageio/testdata/fuzz/{FuzzDecodeImage,FuzzDecodeMask}/.
//
// Run from the repository root: go run ./radiomics/imageio/internal/mkfixtures
package main

import (
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"log"
	"os"
	"path/filepath"
	"strconv"

	"github.com/uran-browser/uran/radiomics/imageio/imageiotest"
)

func main() {
	seeds := corpus()
	for _, target := range []string{"FuzzDecodeImage", "FuzzDecodeMask"} {
		dir := filepath.Join("radiomics", "imageio", "testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			log.Fatal(err)
		}
		for name, data := range seeds {
			body := "go test fuzz v1\n[]byte(" + strconv.Quote(string(data)) + ")\n"
			sum := sha256.Sum256(data)
			file := filepath.Join(dir, fmt.Sprintf("%s-%x", name, sum[:4]))
			if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
				log.Fatal(err)
			}
		}
	}
	log.Printf("wrote %d seeds for each fuzz target", len(seeds))
}

// corpus returns a named seed per decoder path.
func corpus() map[string][]byte {
	g := imageiotest.Gray(8, 8, func(x, y int) uint8 { return uint8(16 * (x ^ y)) })
	rgb := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for i := range rgb.Pix {
		rgb.Pix[i] = uint8(37 * i)
	}
	pal := image.NewPaletted(image.Rect(0, 0, 4, 2), color.Palette{color.Black,
		color.RGBA{255, 0, 0, 255}, color.RGBA{0, 255, 0, 255}})
	pal.Pix = []uint8{0, 1, 2, 0, 1, 1, 0, 2}
	g16 := image.NewGray16(image.Rect(0, 0, 3, 2))
	for i := range g16.Pix {
		g16.Pix[i] = uint8(91 * i)
	}
	cmyk := imageiotest.FlatJPEG{Width: 8, Height: 8, Adobe: 0,
		Components: [][]uint8{{10}, {200}, {30}, {250}}}
	ycck := cmyk
	ycck.Adobe = 2
	prog := imageiotest.FlatJPEG{Width: 16, Height: 8, Adobe: -1, Progressive: true,
		Components: [][]uint8{{20, 220}}}

	mono := imageiotest.DICOM{Rows: 2, Cols: 2, Samples: 1, BitsAllocated: 8,
		Photometric: "MONOCHROME2", Pixels: []byte{0, 50, 100, 255},
		PixelSpacing: []string{"0.1", "0.1"}}
	cine := mono
	cine.Frames, cine.Pixels = 2, []byte{1, 2, 3, 4, 5, 6, 7, 8}
	us := mono
	us.PixelSpacing = nil
	us.Regions = []imageiotest.Region{{SpatialFormat: 1, UnitsX: 3, UnitsY: 3, DeltaX: 0.01,
		DeltaY: 0.01, X1: 1, Y1: 1}}
	ybr := imageiotest.DICOM{Rows: 1, Cols: 2, Samples: 3, BitsAllocated: 8,
		Photometric: "YBR_FULL_422", Pixels: []byte{10, 20, 100, 150}}
	jpg := imageiotest.JPEG(g, 90)
	jpegDCM := imageiotest.DICOM{Rows: 8, Cols: 8, Samples: 1, BitsAllocated: 8,
		Photometric: "MONOCHROME2", TransferSyntax: "1.2.840.10008.1.2.4.50",
		Fragments: [][]byte{jpg}}

	return map[string][]byte{
		"png-gray":       imageiotest.PNG(g),
		"png-rgb":        imageiotest.PNG(rgb),
		"png-palette":    imageiotest.PNG(pal),
		"png-gray16":     imageiotest.PNG(g16),
		"png-1bit":       imageiotest.Gray1PNG(9, 3, func(x, y int) bool { return x > y }),
		"png-interlaced": imageiotest.InterlacedGrayPNG(9, 9, func(x, y int) uint8 { return 0 }),
		"jpeg-gray":      jpg,
		"jpeg-ycbcr":     imageiotest.JPEG(rgb, 80),
		"jpeg-exif":      imageiotest.WithEXIFOrientation(jpg, 6, true),
		"jpeg-cmyk":      cmyk.Encode(),
		"jpeg-ycck":      ycck.Encode(),
		"jpeg-prog":      prog.Encode(),
		"bmp-rgb":        imageiotest.BMP(rgb),
		"bmp-gray":       imageiotest.BMP(g),
		"tiff-rgb":       imageiotest.TIFF(rgb, false),
		"tiff-gray16":    imageiotest.TIFF(g16, true),
		"npy-u8":         imageiotest.NPY([][]uint8{{1, 2}, {3, 4}}),
		"npy-f4":         imageiotest.NPY([][]float32{{0.5, 1}, {2, 3}}),
		"npy-fortran": imageiotest.RawNPY("<i2", true, "(2, 2)",
			[]byte{1, 0, 2, 0, 3, 0, 4, 0}),
		"dicom-mono":   mono.Encode(),
		"dicom-cine":   cine.Encode(),
		"dicom-us":     us.Encode(),
		"dicom-ybr422": ybr.Encode(),
		"dicom-jpeg":   jpegDCM.Encode(),
	}
}
