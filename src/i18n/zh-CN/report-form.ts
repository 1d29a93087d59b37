/** The citizen report form (/report/) and the tracking page (/track/). */
export default {} as const;
