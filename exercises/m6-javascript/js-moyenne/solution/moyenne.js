function moyenne(notes) {
  if (notes.length === 0) {
    return 0;
  }
  let total = 0;
  for (const note of notes) {
    total += note;
  }
  return Math.round((total / notes.length) * 10) / 10;
}
