package org.bayard.core.classify;

/**
 * One token's contribution to a score.
 *
 * @param name the feature as the tokenizer named it, or its hash in hex when names were not kept
 * @param probability Robinson's f(w), the token's spam probability
 * @param hamCount messages of ham the token was learned from
 * @param spamCount messages of spam the token was learned from
 */
public record Clue(String name, double probability, int hamCount, int spamCount) {

    /** How far from neutral: the ordering used to pick the strongest clues. */
    public double strength() {
        return Math.abs(probability - 0.5);
    }
}
