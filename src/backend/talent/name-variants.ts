// Common spellings of the same Indian name in Latin letters: offices, agencies and actors themselves write
// Priya or Preeya, Mohammed or Mohd or Md, Sayali or Saili. A search for one finds the others (search.ts
// ORs them into the name columns). Only spellings of one name belong in a group, never related names
// (Saurav and Saurabh are two names; so are Nair and Nayar).

const GROUPS: readonly (readonly string[])[] = [
  // Given names
  ['priya', 'preeya', 'priyaa'],
  ['mohammed', 'mohammad', 'mohamed', 'mohamad', 'muhammad', 'muhammed', 'mohd', 'md'],
  ['sayali', 'saili', 'sayalee'],
  ['pooja', 'puja'],
  ['deepak', 'dipak'],
  ['deepika', 'dipika'],
  ['sandeep', 'sandip'],
  ['pradeep', 'pradip'],
  ['kuldeep', 'kuldip'],
  ['mandeep', 'mandip'],
  ['gurpreet', 'gurprit'],
  ['harpreet', 'harprit'],
  ['preeti', 'priti', 'preity'],
  ['sunil', 'suneel'],
  ['anil', 'aneel'],
  ['vijay', 'vijai'],
  ['sanjay', 'sanjai'],
  ['ajay', 'ajai'],
  ['lakshmi', 'laxmi', 'lakshmee'],
  ['shreya', 'shriya', 'sreya'],
  ['shweta', 'sweta', 'shwetha'],
  ['sita', 'seeta', 'seetha'],
  ['gita', 'geeta', 'geetha'],
  ['jyoti', 'jyothi'],
  ['kavita', 'kavitha'],
  ['sunita', 'sunitha'],
  ['anita', 'anitha'],
  ['savita', 'savitha'],
  ['aishwarya', 'aishwariya', 'aiswarya'],
  ['ishaan', 'ishan'],
  ['rohit', 'rohith'],
  ['sumit', 'sumeet'],
  ['amit', 'ameet'],
  ['vineet', 'vinit'],
  ['puneet', 'punit'],
  ['ashwin', 'aswin'],
  ['tanvi', 'tanvee'],
  ['vaishnavi', 'vaishnavee'],
  ['ahmed', 'ahmad'],
  ['hussain', 'husain', 'hussein'],
  ['fatima', 'fathima'],
  ['ayesha', 'aisha', 'aysha'],
  ['yusuf', 'yousuf', 'yousaf'],
  ['syed', 'sayed', 'sayyed', 'saiyed'],
  ['sheikh', 'shaikh', 'shaik'],
  // Family names
  ['bhatia', 'bhatiya'],
  ['kapoor', 'kapur'],
  ['chaudhary', 'choudhary', 'chaudhari', 'choudhury', 'chowdhury'],
  ['agarwal', 'aggarwal', 'agrawal'],
  ['srivastava', 'shrivastava', 'srivastav', 'shrivastav'],
  ['upadhyay', 'upadhyaya'],
  ['banerjee', 'banerji', 'bannerjee'],
  ['mukherjee', 'mukherji', 'mukerji'],
  ['chatterjee', 'chatterji'],
  ['iyer', 'iyyer', 'aiyar'],
  ['qureshi', 'kureshi', 'qureishi'],
];

const BY_SPELLING = new Map<string, readonly string[]>();
for (const g of GROUPS) for (const s of g) BY_SPELLING.set(s, g);

/** The other spellings of a name word ("Preeya" → priya, priyaa); [] when it has none. Lower case. */
export function nameVariants(word: string): string[] {
  const w = word.toLowerCase();
  return (BY_SPELLING.get(w) ?? []).filter((s) => s !== w);
}

/** Every group, for tests: a spelling belongs to one group only. */
export const NAME_VARIANT_GROUPS = GROUPS;
