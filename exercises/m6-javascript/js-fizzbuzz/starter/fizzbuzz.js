// Renvoie le tableau FizzBuzz de 1 à n.
function fizzbuzz(n) {
}
