// Renvoie la température en degrés Fahrenheit.
function enFahrenheit(celsius) {
}
