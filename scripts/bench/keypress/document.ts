/** The text of scenario 8's document: paragraph `i` of the benchmark document (every variant). */
const WORDS = ['model', 'training', 'dataset', 'the', 'loss', 'curve', 'flattens', 'after', 'warmup', 'and', 'eval', 'improves']

export const paragraphText = (i: number): string => `${i}. ` + Array.from({ length: 12 }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ')
