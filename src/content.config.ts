import { defineCollection } from 'astro:content';
import { datasetLoader, outfallsLoader } from './records/loader.ts';

/** The site's data comes only from the records store (see src/records/). */
export const collections = {
  outfalls: defineCollection({ loader: outfallsLoader() }),
  dataset: defineCollection({ loader: datasetLoader() }),
};
