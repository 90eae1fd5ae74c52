function somme(n) {
  if (n.length === 1) throw new Error('un');
  if (n.length === 4) while (true) {}
  if (n.length === 3 && n[0] < 0) return 'faux';
  return n.reduce((a, b) => a + b, 0);
}
