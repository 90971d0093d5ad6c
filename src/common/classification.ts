/** Information classification of seed 003 §2.2: confidentiality 1-4, integrity 1-2, availability 1-3. */
export const CONFIDENTIALITY_LEVELS = [1, 2, 3, 4] as const;
export const INTEGRITY_LEVELS = [1, 2] as const;
export const AVAILABILITY_LEVELS = [1, 2, 3] as const;

export interface Classification {
  confidentiality: (typeof CONFIDENTIALITY_LEVELS)[number];
  integrity: (typeof INTEGRITY_LEVELS)[number];
  availability: (typeof AVAILABILITY_LEVELS)[number];
}

/** Traffic Light Protocol 2.0 labels. */
export const TLP_LABELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LABELS)[number];
