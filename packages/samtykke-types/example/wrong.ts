// Mistakes the types must catch; test/samtykke-types.test.ts expects each line marked below to fail.
window.Samtykke?.on('change', (detail) => detail.categories.advertising); // error: no such category
window.Samtykke?.on('consent', (detail) => detail.categories); // error: a form consent has no categories
window.Samtykke?.get('tracking'); // error: unknown category
window.Samtykke?.on('nope', () => {}); // error: unknown event
export {};
