import type { PhotoGpsOffer, Store } from './form-state.ts';
import { t } from './i18n.ts';
import type { StoredPhoto } from './outbox.ts';
import { downscalePhoto, photoGps } from './photos.ts';

let photoSeq = 0;
const photoId = () => `p${Date.now().toString(36)}${(photoSeq++).toString(36)}`;

/**
 * Takes the files the citizen chose, up to the limit: one after another, each is downscaled and
 * re-encoded in the browser and its EXIF GPS is read, then it joins the form. The first photo with
 * a position is offered as the location (unless the form's point is already there).
 *
 * @example <PhotoField onFiles={(files) => void addPhotos(store, files, limits.maxPhotos)} … />
 */
export async function addPhotos(store: Store, files: File[], maxPhotos: number): Promise<void> {
  const room = maxPhotos - store.get().photos.length;
  const take = files.slice(0, Math.max(0, room));
  const messages: string[] = [];
  if (files.length > take.length) messages.push(t('reportForm.photos.tooMany', { max: maxPhotos, n: files.length - take.length }));
  store.dispatch({ type: 'photosStart', total: take.length });
  let offer: (PhotoGpsOffer & { photoId: string }) | null = null;
  for (let i = 0; i < take.length; i++) {
    const file = take[i]!;
    try {
      // GPS is read from the original: the downscaled copy no longer has EXIF.
      const [gps, small] = await Promise.all([photoGps(file), downscalePhoto(file)]);
      const photo: StoredPhoto = {
        id: photoId(),
        blob: small.blob,
        name: `photo-${Date.now().toString(36)}-${i + 1}.jpg`,
        width: small.width,
        height: small.height,
        gps,
      };
      store.dispatch({ type: 'photoAdded', photo });
      if (gps && !offer) offer = { name: file.name, lat: gps.lat, lng: gps.lng, photoId: photo.id };
    } catch {
      messages.push(t('reportForm.photos.failed', { name: file.name }));
    }
    store.dispatch({ type: 'set', facts: { processing: { done: i + 1, total: take.length } } });
  }
  store.dispatch({ type: 'photosDone', messages, offer });
}
