function fizzbuzz(n) {
  const resultat = [];
  for (let i = 1; i <= n; i++) {
    if (i % 15 === 0) {
      resultat.push("FizzBuzz");
    } else if (i % 3 === 0) {
      resultat.push("Fizz");
    } else if (i % 5 === 0) {
      resultat.push("Buzz");
    } else {
      resultat.push(i);
    }
  }
  return resultat;
}
