// exifr's "mini" build (JPEG/TIFF EXIF only, GPS and orientation included) has the full build's API.
declare module 'exifr/dist/mini.esm.mjs' {
  export { gps, orientation } from 'exifr';
}
