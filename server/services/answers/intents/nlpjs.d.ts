// NLP.js ships JavaScript without types; these are the parts the classifier uses.
declare module '@nlpjs/core' {
  export function containerBootstrap(): Promise<{
    registerConfiguration(tag: string, configuration: object, overwrite?: boolean): void;
    use(plugin: unknown): void;
    get(name: 'nlp'): NlpjsNlp;
  }>;
  export interface NlpjsNlp {
    settings: { autoSave: boolean; autoLoad: boolean; threshold: number };
    addLanguage(locale: string): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<void>;
    process(locale: string, utterance: string): Promise<{ intent?: string; score?: number; classifications?: { intent: string; score: number }[] }>;
    nluManager: { domainManagers: Record<string, { domains: Record<string, NlpjsNlu> }> };
  }
  /** One locale's trained classifier: its pipeline, its vocabulary and which intent uses which word. */
  export interface NlpjsNlu {
    prepare(text: string): Promise<Record<string, number>>;
    spellCheck: { check(tokens: Record<string, number>, distance: number): Record<string, number> };
    features: Record<string, number>;
    intentFeatures: Record<string, Record<string, number>>;
  }
}
declare module '@nlpjs/nlp' {
  export const Nlp: unknown;
}
declare module '@nlpjs/lang-no' {
  export const LangNo: unknown;
}
declare module '@nlpjs/lang-en' {
  export const LangEn: unknown;
}
declare module '@nlpjs/language' {
  export class Language {
    guessBest(utterance: string, allowList?: string[]): { alpha3: string; alpha2: string; language: string; score: number } | undefined;
  }
}
