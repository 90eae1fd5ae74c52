function parite(n) {
  if (n % 2 === 0) {
    return "pair";
  }
  return "impair";
}
