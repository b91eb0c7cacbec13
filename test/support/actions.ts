/** Stands in for the safety layer's support lines in the context of an action under test. */
export const resourcesText = (country: string): string => `support lines for ${country}`;
