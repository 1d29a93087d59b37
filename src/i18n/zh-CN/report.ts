/** The citizen report form, tracking page and API error messages for citizens. */
export default {} as const;
