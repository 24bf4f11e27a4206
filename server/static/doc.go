// Package static serves the page's built files from memory with the headers a privacy-first
// medical web tool needs: precompressed brotli and gzip representations chosen by
// Accept-Encoding, strong ETags with 304 answers, Range and HEAD, explicit media types, and a
// Content-Security-Policy that lets the page talk to nobody but its own origin.
//
// The same handler runs in the native server (package main in server/) and in the Cloudflare
// Worker (server/worker), so both deployments send identical responses. It uses only net/http
// and compiles for GOOS=js.
package static
